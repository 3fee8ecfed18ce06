import { useRef } from 'react';
import type { BlockOf } from './blocks';

/** Markdown with a small formatting toolbar: wraps the selection, so authors need not know the syntax. */
export function RichTextField({
  id,
  label,
  value,
  onChange,
  rows = 6,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const wrap = (before: string, after = before) => {
    const area = ref.current;
    if (area === null) return;
    const { selectionStart: start, selectionEnd: end } = area;
    const selected = value.slice(start, end) || 'text';
    onChange(`${value.slice(0, start)}${before}${selected}${after}${value.slice(end)}`);
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(start + before.length, start + before.length + selected.length);
    });
  };
  const prefixLines = (prefix: string) => {
    const area = ref.current;
    if (area === null) return;
    const lineStart = value.lastIndexOf('\n', area.selectionStart - 1) + 1;
    onChange(`${value.slice(0, lineStart)}${prefix}${value.slice(lineStart)}`);
    requestAnimationFrame(() => area.focus());
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="format-toolbar" role="toolbar" aria-label={`Format ${label.toLowerCase()}`} aria-controls={id}>
        <button type="button" className="icon-button" onClick={() => wrap('**')} aria-label="Bold">
          <strong>B</strong>
        </button>
        <button type="button" className="icon-button" onClick={() => wrap('*')} aria-label="Italic">
          <em>I</em>
        </button>
        <button type="button" className="icon-button" onClick={() => wrap('[', '](https://)')} aria-label="Link">
          Link
        </button>
        <button type="button" className="icon-button" onClick={() => prefixLines('- ')} aria-label="Bulleted list">
          •
        </button>
        <button type="button" className="icon-button" onClick={() => prefixLines('1. ')} aria-label="1. Numbered list">
          1.
        </button>
      </div>
      <textarea ref={ref} id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

export function HeadingFields({ block, onChange }: { block: BlockOf<'heading'>; onChange: (b: BlockOf<'heading'>) => void }) {
  return (
    <div className="field-row">
      <div className="field field--narrow">
        <label htmlFor={`${block.id}-level`}>Level</label>
        <select id={`${block.id}-level`} value={block.level} onChange={(e) => onChange({ ...block, level: Number(e.target.value) as 1 | 2 | 3 })}>
          <option value={1}>Title</option>
          <option value={2}>Section</option>
          <option value={3}>Subsection</option>
        </select>
      </div>
      <div className="field field--grow">
        <label htmlFor={`${block.id}-text`}>Heading text</label>
        <input id={`${block.id}-text`} value={block.text} maxLength={300} onChange={(e) => onChange({ ...block, text: e.target.value })} />
      </div>
    </div>
  );
}

export function CalloutFields({ block, onChange }: { block: BlockOf<'callout'>; onChange: (b: BlockOf<'callout'>) => void }) {
  return (
    <>
      <div className="field field--narrow">
        <label htmlFor={`${block.id}-tone`}>Tone</label>
        <select
          id={`${block.id}-tone`}
          value={block.tone}
          onChange={(e) => onChange({ ...block, tone: e.target.value as BlockOf<'callout'>['tone'] })}
        >
          <option value="info">Info</option>
          <option value="tip">Tip</option>
          <option value="warning">Warning</option>
        </select>
      </div>
      <RichTextField
        id={`${block.id}-markdown`}
        label="Callout text"
        rows={3}
        value={block.markdown}
        onChange={(markdown) => onChange({ ...block, markdown })}
      />
    </>
  );
}

export function CodeFields({ block, onChange }: { block: BlockOf<'code'>; onChange: (b: BlockOf<'code'>) => void }) {
  return (
    <>
      <div className="field field--narrow">
        <label htmlFor={`${block.id}-language`}>Language</label>
        <input id={`${block.id}-language`} value={block.language} maxLength={40} onChange={(e) => onChange({ ...block, language: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${block.id}-code`}>Code</label>
        <textarea
          id={`${block.id}-code`}
          className="code-input"
          rows={6}
          spellCheck={false}
          value={block.code}
          onChange={(e) => onChange({ ...block, code: e.target.value })}
          onKeyDown={(e) => {
            // Tab indents inside code; Escape then Tab leaves the field, so keyboard users are never trapped.
            if (e.key !== 'Tab' || e.shiftKey || e.currentTarget.dataset.escaped === 'true') return;
            e.preventDefault();
            const area = e.currentTarget;
            const { selectionStart: s, selectionEnd: end } = area;
            onChange({ ...block, code: `${block.code.slice(0, s)}  ${block.code.slice(end)}` });
            requestAnimationFrame(() => area.setSelectionRange(s + 2, s + 2));
          }}
          onKeyUp={(e) => {
            e.currentTarget.dataset.escaped = e.key === 'Escape' ? 'true' : 'false';
          }}
          aria-describedby={`${block.id}-code-hint`}
        />
        <p id={`${block.id}-code-hint`} className="field__hint">
          Tab indents; press Escape, then Tab, to move on.
        </p>
      </div>
    </>
  );
}
