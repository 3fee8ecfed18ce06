import { type BlockOf, newId } from './blocks';

type Quiz = BlockOf<'quiz'>;
type Question = Quiz['questions'][number];

/** Quiz editing: questions with their answers, the correct one, and the explanation learners see. */
export function QuizFields({ block, onChange }: { block: Quiz; onChange: (b: Quiz) => void }) {
  const setQuestion = (index: number, question: Question) =>
    onChange({ ...block, questions: block.questions.map((q, i) => (i === index ? question : q)) });
  return (
    <div className="activity-fields">
      {block.questions.map((q, qi) => (
        <fieldset key={q.id} className="subpanel">
          <legend>Question {qi + 1}</legend>
          <div className="field">
            <label htmlFor={`${q.id}-prompt`}>Question</label>
            {/* Text areas, not inputs: a long question or answer wraps on a phone instead of being cut off. */}
            <textarea
              id={`${q.id}-prompt`}
              className="wrapping-input"
              rows={1}
              value={q.prompt}
              maxLength={1000}
              onChange={(e) => setQuestion(qi, { ...q, prompt: e.target.value })}
            />
          </div>
          <fieldset className="choices">
            <legend>Answers (select the correct one)</legend>
            {q.choices.map((choice, ci) => (
              // Answers have no ids of their own; their position is their identity here.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <div key={ci} className="choice-edit">
                <input
                  type="radio"
                  id={`${q.id}-correct-${ci}`}
                  name={`${q.id}-correct`}
                  checked={q.answerIndex === ci}
                  onChange={() => setQuestion(qi, { ...q, answerIndex: ci })}
                  aria-label={`Answer ${ci + 1} is correct`}
                />
                <label className="visually-hidden" htmlFor={`${q.id}-choice-${ci}`}>
                  Answer {ci + 1}
                </label>
                <textarea
                  id={`${q.id}-choice-${ci}`}
                  className="wrapping-input"
                  rows={1}
                  value={choice}
                  maxLength={500}
                  onChange={(e) => setQuestion(qi, { ...q, choices: q.choices.map((c, i) => (i === ci ? e.target.value : c)) })}
                />
                <button
                  type="button"
                  className="icon-button icon-button--danger"
                  aria-label={`Remove answer ${ci + 1}`}
                  disabled={q.choices.length <= 2}
                  onClick={() =>
                    setQuestion(qi, {
                      ...q,
                      choices: q.choices.filter((_, i) => i !== ci),
                      answerIndex: q.answerIndex === ci ? 0 : q.answerIndex > ci ? q.answerIndex - 1 : q.answerIndex,
                    })
                  }
                >
                  ×
                </button>
              </div>
            ))}
            <button
              type="button"
              className="button button--link"
              disabled={q.choices.length >= 8}
              onClick={() => setQuestion(qi, { ...q, choices: [...q.choices, ''] })}
            >
              + Add an answer
            </button>
          </fieldset>
          <div className="field">
            <label htmlFor={`${q.id}-explanation`}>Explanation shown after answering</label>
            <textarea
              id={`${q.id}-explanation`}
              rows={2}
              maxLength={2000}
              value={q.explanation}
              onChange={(e) => setQuestion(qi, { ...q, explanation: e.target.value })}
            />
          </div>
          <button
            type="button"
            className="button button--link button--danger-link"
            disabled={block.questions.length <= 1}
            onClick={() => onChange({ ...block, questions: block.questions.filter((_, i) => i !== qi) })}
          >
            Remove question {qi + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button--secondary"
        onClick={() =>
          onChange({ ...block, questions: [...block.questions, { id: newId('q'), prompt: '', choices: ['', ''], answerIndex: 0, explanation: '' }] })
        }
      >
        + Add a question
      </button>
    </div>
  );
}

type Cards = BlockOf<'flashcards'>;

export function FlashcardFields({ block, onChange }: { block: Cards; onChange: (b: Cards) => void }) {
  return (
    <div className="activity-fields">
      <ol className="card-list">
        {block.cards.map((card, i) => (
          <li key={card.id} className="card-edit">
            <div className="field">
              <label htmlFor={`${card.id}-front`}>Card {i + 1} front</label>
              <input
                id={`${card.id}-front`}
                value={card.front}
                maxLength={500}
                onChange={(e) => onChange({ ...block, cards: block.cards.map((c) => (c.id === card.id ? { ...c, front: e.target.value } : c)) })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${card.id}-back`}>Card {i + 1} back</label>
              <textarea
                id={`${card.id}-back`}
                rows={2}
                maxLength={2000}
                value={card.back}
                onChange={(e) => onChange({ ...block, cards: block.cards.map((c) => (c.id === card.id ? { ...c, back: e.target.value } : c)) })}
              />
            </div>
            <button
              type="button"
              className="icon-button icon-button--danger"
              aria-label={`Remove card ${i + 1}`}
              disabled={block.cards.length <= 1}
              onClick={() => onChange({ ...block, cards: block.cards.filter((c) => c.id !== card.id) })}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => onChange({ ...block, cards: [...block.cards, { id: newId('c'), front: '', back: '' }] })}
      >
        + Add a card
      </button>
    </div>
  );
}
