import type { Question } from './question-kinds';

type ChoiceQuestion = Extract<Question, { choices: string[] }>;

/** Removing choice `removed` from correct choice indexes: it drops out, later ones move up. */
const without = (indices: number[], removed: number) => indices.filter((i) => i !== removed).map((i) => (i > removed ? i - 1 : i));

/**
 * The answers of a choice question; the correct one is a radio button (one correct answer) or a
 * checkbox each (several correct answers).
 */
export function ChoiceFields({ question: q, onChange }: { question: ChoiceQuestion; onChange: (q: ChoiceQuestion) => void }) {
  const multiple = q.kind === 'multiple';
  const isCorrect = (ci: number) => (q.kind === 'multiple' ? q.answerIndices.includes(ci) : q.answerIndex === ci);
  const toggle = (ci: number) => {
    if (q.kind !== 'multiple') return onChange({ ...q, answerIndex: ci });
    const answerIndices = isCorrect(ci) ? q.answerIndices.filter((i) => i !== ci) : [...q.answerIndices, ci].sort((a, b) => a - b);
    onChange({ ...q, answerIndices });
  };
  const remove = (ci: number) => {
    const choices = q.choices.filter((_, i) => i !== ci);
    if (q.kind === 'multiple') return onChange({ ...q, choices, answerIndices: without(q.answerIndices, ci) });
    onChange({ ...q, choices, answerIndex: q.answerIndex === ci ? 0 : q.answerIndex > ci ? q.answerIndex - 1 : q.answerIndex });
  };
  return (
    <fieldset className="choices">
      <legend>{multiple ? 'Answers (tick every correct one)' : 'Answers (select the correct one)'}</legend>
      {q.choices.map((choice, ci) => (
        // Answers have no ids of their own; their position is their identity here.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div key={ci} className="choice-edit">
          <input
            type={multiple ? 'checkbox' : 'radio'}
            id={`${q.id}-correct-${ci}`}
            name={`${q.id}-correct`}
            checked={isCorrect(ci)}
            onChange={() => toggle(ci)}
            aria-label={`Answer ${ci + 1} is correct`}
          />
          <label className="visually-hidden" htmlFor={`${q.id}-choice-${ci}`}>
            Answer {ci + 1}
          </label>
          {/* Text areas, not inputs: a long answer wraps on a phone instead of being cut off. */}
          <textarea
            id={`${q.id}-choice-${ci}`}
            className="wrapping-input"
            rows={1}
            value={choice}
            maxLength={500}
            onChange={(e) => onChange({ ...q, choices: q.choices.map((c, i) => (i === ci ? e.target.value : c)) })}
          />
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={`Remove answer ${ci + 1}`}
            disabled={q.choices.length <= 2}
            onClick={() => remove(ci)}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--link"
        disabled={q.choices.length >= 8}
        onClick={() => onChange({ ...q, choices: [...q.choices, ''] })}
      >
        + Add an answer
      </button>
    </fieldset>
  );
}
