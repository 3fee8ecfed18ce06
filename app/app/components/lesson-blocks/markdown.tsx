import { safeUrl } from '@mirai/url-policy';
import { Lexer, type Token, type Tokens } from 'marked';
import { Fragment, type ReactNode } from 'react';
import { decodeEntities } from './markdown-text';

/**
 * Lesson Markdown as React elements, never an HTML string. Parsing is marked's GFM lexer, the same
 * parser the exporters render to HTML with, so a lesson reads the same in the app and in a SCORM
 * package. Raw HTML in lesson text shows as text, and links follow the shared URL policy
 * (`@mirai/url-policy`, as in every exporter): only web, mail and same-site relative links become links.
 */
export function Markdown({ source, headingOffset = 1 }: { source: string; headingOffset?: number }) {
  return <>{renderBlocks(Lexer.lex(source, { gfm: true }), new HeadingLevels(headingOffset), 'b')}</>;
}

/**
 * `#` becomes `h(offset + 1)`, but a heading never goes more than one level below the one before
 * it (or below the container's own heading, at `offset`): generated text often starts at `###`,
 * and a page whose headings skip levels loses screen-reader users who navigate by heading.
 */
class HeadingLevels {
  readonly #offset: number;
  #last: number;
  constructor(offset: number) {
    this.#offset = offset;
    this.#last = offset;
  }
  next(depth: number): number {
    this.#last = Math.min(depth + this.#offset, this.#last + 1);
    return this.#last;
  }
}

function Heading({ level, children }: { level: number; children: ReactNode }) {
  const Tag = `h${Math.min(Math.max(level, 1), 6)}` as 'h2';
  return <Tag>{children}</Tag>;
}

function renderBlocks(tokens: readonly Token[], headings: HeadingLevels, key: string): ReactNode[] {
  return tokens.map((token, index) => renderBlock(token, headings, `${key}${index}`));
}

function renderBlock(token: Token, headings: HeadingLevels, key: string): ReactNode {
  switch (token.type) {
    case 'space':
      return null;
    case 'heading':
      return (
        <Heading key={key} level={headings.next(token.depth)}>
          {renderInline(token.tokens, key)}
        </Heading>
      );
    case 'paragraph':
      return <p key={key}>{renderInline(token.tokens, key)}</p>;
    case 'code':
      return (
        <pre key={key} className="md-code">
          <code>{token.text}</code>
        </pre>
      );
    case 'hr':
      return <hr key={key} />;
    case 'blockquote':
      return <blockquote key={key}>{renderBlocks(token.tokens ?? [], headings, key)}</blockquote>;
    case 'list':
      return <List key={key} list={token as Tokens.List} headings={headings} listKey={key} />;
    case 'table':
      return <Table key={key} table={token as Tokens.Table} tableKey={key} />;
    case 'html':
      // Shown, not interpreted.
      return <p key={key}>{token.text.trim()}</p>;
    case 'text':
      // A tight list item's text: inline content without a paragraph around it.
      return <Fragment key={key}>{token.tokens === undefined ? decodeEntities(token.text) : renderInline(token.tokens, key)}</Fragment>;
    default:
      return typeof token.raw === 'string' ? <p key={key}>{token.raw.trim()}</p> : null;
  }
}

function List({ list, headings, listKey }: { list: Tokens.List; headings: HeadingLevels; listKey: string }) {
  const items = list.items.map((item, index) => {
    const key = `${listKey}-${index}`;
    return <li key={key}>{renderBlocks(item.tokens, headings, key)}</li>;
  });
  if (!list.ordered) return <ul>{items}</ul>;
  const start = typeof list.start === 'number' ? list.start : 1;
  return <ol start={start === 1 ? undefined : start}>{items}</ol>;
}

function Table({ table, tableKey }: { table: Tokens.Table; tableKey: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways on phones; keyboard users must reach it (WCAG 2.1.1)
    <section className="md-table" tabIndex={0} aria-label="Table">
      <table>
        <thead>
          <tr>
            {table.header.map((cell, column) => {
              const key = `${tableKey}h${column}`;
              return (
                <th key={key} scope="col">
                  {renderInline(cell.tokens, key)}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => {
            const rowKey = `${tableKey}r${rowIndex}`;
            return (
              <tr key={rowKey}>
                {row.map((cell, column) => {
                  const key = `${rowKey}c${column}`;
                  return <td key={key}>{renderInline(cell.tokens, key)}</td>;
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** Inline tokens to React nodes. */
export function renderInline(tokens: readonly Token[] | undefined, key: string): ReactNode[] {
  return (tokens ?? []).map((token, index) => {
    const k = `${key}-${index}`;
    switch (token.type) {
      case 'strong':
        return <strong key={k}>{renderInline(token.tokens, k)}</strong>;
      case 'em':
        return <em key={k}>{renderInline(token.tokens, k)}</em>;
      case 'del':
        return <del key={k}>{renderInline(token.tokens, k)}</del>;
      case 'codespan':
        // Code is literal: `&lt;` in a code span shows as typed (CommonMark), so it is not decoded.
        return <code key={k}>{token.text}</code>;
      case 'br':
        return <br key={k} />;
      case 'link': {
        const target = safeUrl(token.href);
        const text = renderInline(token.tokens, k);
        return target === null ? (
          <Fragment key={k}>{text}</Fragment>
        ) : (
          <a key={k} href={target}>
            {text}
          </a>
        );
      }
      case 'image':
        return (
          <span key={k} className="md-image-alt">
            {token.text === '' ? 'Image' : decodeEntities(token.text)}
          </span>
        );
      case 'html':
        return <Fragment key={k}>{token.text}</Fragment>;
      case 'text':
        return <Fragment key={k}>{token.tokens === undefined ? decodeEntities(token.text) : renderInline(token.tokens, k)}</Fragment>;
      case 'escape':
        return <Fragment key={k}>{token.text}</Fragment>;
      default:
        // A token type this renderer does not know (an extension): its source, as text.
        return <Fragment key={k}>{token.raw}</Fragment>;
    }
  });
}
