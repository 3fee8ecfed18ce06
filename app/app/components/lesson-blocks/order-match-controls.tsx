import { useEffect, useState } from 'react';
import { shownMatching, shownOrdering } from './order-match';
import type { QuestionResult, QuizQuestion, QuizResponse } from './types';

interface Props {
  question: QuizQuestion;
  name: string;
  response: QuizResponse | undefined;
  graded: QuestionResult | undefined;
  disabled: boolean;
  onChange: (response: QuizResponse) => void;
}

/** The arrangement a learner has made, or the items as shown (an untouched list is an answer too). */
export const currentOrder = (question: QuizQuestion, response: QuizResponse | undefined): number[] =>
  response?.order ?? shownOrdering(question).items.map((_, i) => i);

/** A matching response says something once every left has a right, no right used twice. */
export function matchingComplete(question: QuizQuestion, response: QuizResponse | undefined): boolean {
  const matches = response?.matches ?? [];
  const { sources } = shownMatching(question);
  return matches.length === sources.length && matches.every((m) => m >= 0) && new Set(matches).size === matches.length;
}

/**
 * Ordering with the keyboard: each item has "Move up" and "Move down" buttons (no dragging needed).
 * Focus follows the moved item, and a live line says where it went.
 */
export function OrderingControls({ question, name, response, graded, disabled, onChange }: Props) {
  const { items } = shownOrdering(question);
  const order = currentOrder(question, response);
  const [moved, setMoved] = useState<{ item: number; direction: 'up' | 'down' } | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (moved === null) return;
    const wanted = document.getElementById(`${name}-${moved.item}-${moved.direction}`);
    const other = document.getElementById(`${name}-${moved.item}-${moved.direction === 'up' ? 'down' : 'up'}`);
    (wanted instanceof HTMLButtonElement && !wanted.disabled ? wanted : other)?.focus();
  }, [moved, name]);

  const move = (position: number, step: -1 | 1) => {
    const next = [...order];
    const item = next[position];
    const swapWith = next[position + step];
    if (item === undefined || swapWith === undefined) return;
    next[position] = swapWith;
    next[position + step] = item;
    onChange({ order: next });
    setMoved({ item, direction: step < 0 ? 'up' : 'down' });
    setAnnouncement(`${items[item] ?? ''}: position ${position + step + 1} of ${order.length}.`);
  };

  const rightOrder = graded?.correctOrder;
  return (
    <div className="lb-order">
      <p className="lb-choices__hint">Put the items in order, first at the top, with the Move up and Move down buttons.</p>
      <ol className="lb-order__list">
        {order.map((item, position) => {
          const text = items[item] ?? '';
          const mark = rightOrder === undefined ? '' : rightOrder[position] === item ? 'is-correct' : 'is-wrong';
          return (
            <li key={item} className={`lb-choice lb-order__item ${mark}`} data-testid="ordering-item">
              <span className="lb-order__text">{text}</span>
              <button
                type="button"
                id={`${name}-${item}-up`}
                className="button button--secondary lb-order__move"
                aria-label={`Move “${text}” up`}
                disabled={disabled || position === 0}
                onClick={() => move(position, -1)}
              >
                ↑ Up
              </button>
              <button
                type="button"
                id={`${name}-${item}-down`}
                className="button button--secondary lb-order__move"
                aria-label={`Move “${text}” down`}
                disabled={disabled || position === order.length - 1}
                onClick={() => move(position, 1)}
              >
                ↓ Down
              </button>
            </li>
          );
        })}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {rightOrder !== undefined && graded?.correct === false ? (
        <p className="lb-choice__mark">Right order: {rightOrder.map((item) => items[item] ?? '').join(' → ')}</p>
      ) : null}
    </div>
  );
}

/** Matching with one labelled select per left-hand side; once graded, a wrong row names its right match. */
export function MatchingControls({ question, name, response, graded, disabled, onChange }: Props) {
  const { sources, targets } = shownMatching(question);
  const matches = response?.matches ?? sources.map(() => -1);
  return (
    <ul className="lb-choices lb-match">
      <li className="lb-choices__hint">Choose the match for each item; use each answer once.</li>
      {sources.map((source, row) => {
        const id = `${name}-${row}`;
        const chosen = matches[row] ?? -1;
        const right = graded?.correctMatches?.[row];
        const mark = right === undefined ? '' : right === chosen ? 'is-correct' : 'is-wrong';
        return (
          <li key={id} className={`lb-choice lb-match__row ${mark}`}>
            <label htmlFor={id}>{source}</label>
            <select
              id={id}
              value={String(chosen)}
              disabled={disabled}
              onChange={(e) => onChange({ matches: matches.map((m, r) => (r === row ? Number(e.target.value) : m)) })}
            >
              <option value="-1">Choose…</option>
              {targets.map((target, t) => (
                <option key={target} value={String(t)}>
                  {target}
                </option>
              ))}
            </select>
            {mark === 'is-wrong' && right !== undefined ? <span className="lb-choice__mark">Right match: {targets[right]}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
