import { Fragment, type ReactNode } from 'react';

/**
 * A small Markdown renderer producing React elements, never HTML strings: raw HTML in lesson text
 * shows as text, and only web, mail and relative links become links. Covers what lessons use:
 * headings, paragraphs, lists, block quotes, fenced code, rules, tables, emphasis, inline code.
 */
export function Markdown({ source, headingOffset = 1 }: { source: string; headingOffset?: number }) {
  return <>{renderBlocks(source.replace(/\r\n?/g, '\n').split('\n'), headingOffset)}</>;
}

const SAFE_SCHEME = /^(https?:|mailto:)/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (SAFE_SCHEME.test(trimmed)) return trimmed;
  return ANY_SCHEME.test(trimmed) || trimmed.startsWith('//') ? null : trimmed;
}

const INLINE =
  /(`+)([\s\S]*?)\1|!\[([^\]]*)\]\(([^)\s]*)[^)]*\)|\[([^\]]+)\]\(([^)\s]*)[^)]*\)|\*\*([\s\S]+?)\*\*|__([\s\S]+?)__|\*([^*\s][^*]*?)\*|(?<!\w)_([^_\s][^_]*?)_(?!\w)|<(https?:\/\/[^>\s]+)>| {2,}\n/;

/** Inline Markdown to React nodes. */
export function renderInline(text: string, key = 'i'): ReactNode[] {
  const nodes: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest !== '') {
    const match = INLINE.exec(rest);
    if (match === null) {
      nodes.push(rest);
      break;
    }
    if (match.index > 0) nodes.push(rest.slice(0, match.index));
    const k = `${key}-${n++}`;
    const [whole, , code, alt, , linkText, href, strong1, strong2, em1, em2, autolink] = match;
    if (code !== undefined) nodes.push(<code key={k}>{code.trim()}</code>);
    else if (alt !== undefined)
      nodes.push(
        <span key={k} className="md-image-alt">
          {alt === '' ? 'Image' : alt}
        </span>,
      );
    else if (linkText !== undefined) {
      const target = safeHref(href ?? '');
      nodes.push(
        target === null ? (
          <Fragment key={k}>{renderInline(linkText, k)}</Fragment>
        ) : (
          <a key={k} href={target}>
            {renderInline(linkText, k)}
          </a>
        ),
      );
    } else if (strong1 !== undefined || strong2 !== undefined) nodes.push(<strong key={k}>{renderInline(strong1 ?? strong2 ?? '', k)}</strong>);
    else if (em1 !== undefined || em2 !== undefined) nodes.push(<em key={k}>{renderInline(em1 ?? em2 ?? '', k)}</em>);
    else if (autolink !== undefined)
      nodes.push(
        <a key={k} href={autolink}>
          {autolink}
        </a>,
      );
    else nodes.push(<br key={k} />);
    rest = rest.slice(match.index + whole.length);
  }
  return nodes;
}

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());

function Heading({ level, children }: { level: number; children: ReactNode }) {
  const Tag = `h${Math.min(Math.max(level, 1), 6)}` as 'h2';
  return <Tag>{children}</Tag>;
}

function renderBlocks(lines: string[], headingOffset: number): ReactNode[] {
  const out: ReactNode[] = [];
  let i = 0;
  const isBlank = (line: string | undefined) => line === undefined || line.trim() === '';
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const key = `b${i}`;
    if (isBlank(line)) {
      i += 1;
      continue;
    }
    const fence = /^\s*(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence !== null) {
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(fence[1] ?? '```')) code.push(lines[i++] ?? '');
      i += 1;
      out.push(
        <pre key={key} className="md-code">
          <code>{code.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading !== null) {
      out.push(
        <Heading key={key} level={(heading[1] ?? '#').length + headingOffset}>
          {renderInline(heading[2] ?? '', key)}
        </Heading>,
      );
      i += 1;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push(<hr key={key} />);
      i += 1;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i] ?? '')) quoted.push((lines[i++] ?? '').replace(/^\s{0,3}>\s?/, ''));
      out.push(<blockquote key={key}>{renderBlocks(quoted, headingOffset)}</blockquote>);
      continue;
    }
    if (line.includes('|') && TABLE_RULE.test(lines[i + 1] ?? '')) {
      const head = cells(line).map((text, c) => ({ key: `${key}h${c}`, text }));
      const rows: Array<{ key: string; cells: Array<{ key: string; text: string }> }> = [];
      i += 2;
      while (i < lines.length && !isBlank(lines[i]) && (lines[i] ?? '').includes('|')) {
        const rowKey = `${key}r${i}`;
        const row = cells(lines[i++] ?? '');
        rows.push({ key: rowKey, cells: head.map((column) => ({ key: `${rowKey}${column.key}`, text: row[head.indexOf(column)] ?? '' })) });
      }
      out.push(
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways on phones; keyboard users must reach it (WCAG 2.1.1)
        <section key={key} className="md-table" tabIndex={0} aria-label="Table">
          <table>
            <thead>
              <tr>
                {head.map((cell) => (
                  <th key={cell.key} scope="col">
                    {renderInline(cell.text, cell.key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  {row.cells.map((cell) => (
                    <td key={cell.key}>{renderInline(cell.text, cell.key)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>,
      );
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item !== null) {
      const ordered = /\d/.test(item[1] ?? '');
      const items: Array<{ key: string; text: string }> = [];
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const next = LIST_ITEM.exec(current);
        const last = items.at(-1);
        if (next !== null && /\d/.test(next[1] ?? '') === ordered) items.push({ key: `${key}-${i}`, text: next[2] ?? '' });
        else if (!isBlank(current) && /^\s+\S/.test(current) && last !== undefined) last.text += ` ${current.trim()}`;
        else if (isBlank(current) && LIST_ITEM.exec(lines[i + 1] ?? '') !== null) {
          i += 1;
          continue;
        } else break;
        i += 1;
      }
      const children = items.map((entry) => <li key={entry.key}>{renderInline(entry.text, entry.key)}</li>);
      const start = ordered ? Number.parseInt(item[1] ?? '1', 10) : 1;
      out.push(
        ordered ? (
          <ol key={key} start={start === 1 ? undefined : start}>
            {children}
          </ol>
        ) : (
          <ul key={key}>{children}</ul>
        ),
      );
      continue;
    }
    const paragraph: string[] = [];
    while (
      i < lines.length &&
      !isBlank(lines[i]) &&
      !/^\s{0,3}(#{1,6}\s|>|```|~~~)/.test(lines[i] ?? '') &&
      (paragraph.length === 0 || LIST_ITEM.exec(lines[i] ?? '') === null)
    )
      paragraph.push(lines[i++] ?? '');
    out.push(<p key={key}>{renderInline(paragraph.join('\n'), key)}</p>);
  }
  return out;
}
