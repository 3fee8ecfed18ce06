import type { Question } from './question-kinds';

type Ordering = Extract<Question, { kind: 'ordering' }>;
type Matching = Extract<Question, { kind: 'matching' }>;

const swap = <T,>(list: T[], a: number, b: number): T[] => list.map((entry, i) => (i === a ? (list[b] as T) : i === b ? (list[a] as T) : entry));

/** The items in their right order; authors reorder them with buttons, as learners do. */
export function OrderingFields({ question: q, onChange }: { question: Ordering; onChange: (q: Ordering) => void }) {
  return (
    <fieldset className="choices">
      <legend>Items in the right order (learners see them shuffled)</legend>
      {q.items.map((item, i) => (
        // Items have no ids of their own; their position is their identity here.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div key={i} className="choice-edit">
          <label className="visually-hidden" htmlFor={`${q.id}-item-${i}`}>
            Item {i + 1}
          </label>
          <textarea
            id={`${q.id}-item-${i}`}
            className="wrapping-input"
            rows={1}
            value={item}
            maxLength={300}
            onChange={(e) => onChange({ ...q, items: q.items.map((it, k) => (k === i ? e.target.value : it)) })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Move item ${i + 1} up`}
            disabled={i === 0}
            onClick={() => onChange({ ...q, items: swap(q.items, i, i - 1) })}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Move item ${i + 1} down`}
            disabled={i === q.items.length - 1}
            onClick={() => onChange({ ...q, items: swap(q.items, i, i + 1) })}
          >
            ↓
          </button>
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={`Remove item ${i + 1}`}
            disabled={q.items.length <= 2}
            onClick={() => onChange({ ...q, items: q.items.filter((_, k) => k !== i) })}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--link"
        disabled={q.items.length >= 8}
        onClick={() => onChange({ ...q, items: [...q.items, ''] })}
      >
        + Add an item
      </button>
    </fieldset>
  );
}

/** Pairs of a left-hand side and its match; learners see the right-hand sides shuffled. */
export function MatchingFields({ question: q, onChange }: { question: Matching; onChange: (q: Matching) => void }) {
  const edit = (i: number, side: 'left' | 'right', text: string) =>
    onChange({ ...q, pairs: q.pairs.map((pair, k) => (k === i ? { ...pair, [side]: text } : pair)) });
  return (
    <fieldset className="choices">
      <legend>Pairs (learners match each item with its answer)</legend>
      {q.pairs.map((pair, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: pairs have no ids; their position is their identity here
        <div key={i} className="choice-edit">
          <label className="visually-hidden" htmlFor={`${q.id}-left-${i}`}>
            Pair {i + 1} item
          </label>
          <textarea
            id={`${q.id}-left-${i}`}
            className="wrapping-input"
            rows={1}
            value={pair.left}
            maxLength={300}
            onChange={(e) => edit(i, 'left', e.target.value)}
          />
          <label className="visually-hidden" htmlFor={`${q.id}-right-${i}`}>
            Pair {i + 1} match
          </label>
          <textarea
            id={`${q.id}-right-${i}`}
            className="wrapping-input"
            rows={1}
            value={pair.right}
            maxLength={300}
            onChange={(e) => edit(i, 'right', e.target.value)}
          />
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={`Remove pair ${i + 1}`}
            disabled={q.pairs.length <= 2}
            onClick={() => onChange({ ...q, pairs: q.pairs.filter((_, k) => k !== i) })}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--link"
        disabled={q.pairs.length >= 8}
        onClick={() => onChange({ ...q, pairs: [...q.pairs, { left: '', right: '' }] })}
      >
        + Add a pair
      </button>
    </fieldset>
  );
}
