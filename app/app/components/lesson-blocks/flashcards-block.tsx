import { useId, useState } from 'react';
import type { LessonBlock } from './types';

type FlashcardsBlock = Extract<LessonBlock, { type: 'flashcards' }>;

/** Flashcards that flip on click, Enter or Space; each card is a toggle button saying which side shows. */
export function FlashcardsBlockView({ block }: { block: FlashcardsBlock }) {
  const headingId = useId();
  const [flipped, setFlipped] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setFlipped((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <section className="lb-flashcards" aria-labelledby={headingId} data-block-type="flashcards">
      <h3 id={headingId}>Flashcards</h3>
      <p className="lb-hint">Select a card to flip it.</p>
      <ul className="lb-cards">
        {block.cards.map((card, n) => {
          const isFlipped = flipped.has(card.id);
          return (
            <li key={card.id}>
              <button
                type="button"
                className={`lb-card ${isFlipped ? 'is-flipped' : ''}`}
                aria-pressed={isFlipped}
                onClick={() => toggle(card.id)}
                data-testid="flashcard"
              >
                <span className="lb-card__side">
                  Card {n + 1} of {block.cards.length}, {isFlipped ? 'back' : 'front'}
                </span>
                <span className="lb-card__text" aria-live="polite">
                  {isFlipped ? card.back : card.front}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
