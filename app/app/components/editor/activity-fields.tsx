import { type BlockOf, newId } from './blocks';
import { QuestionFields } from './question-fields';

type Quiz = BlockOf<'quiz'>;
type Question = Quiz['questions'][number];

/** Quiz editing: questions of any kind with their answers, the correct ones, and the explanation learners see. */
export function QuizFields({ block, onChange }: { block: Quiz; onChange: (b: Quiz) => void }) {
  const setQuestion = (index: number, question: Question) =>
    onChange({ ...block, questions: block.questions.map((q, i) => (i === index ? question : q)) });
  return (
    <div className="activity-fields">
      {block.questions.map((q, qi) => (
        <fieldset key={q.id} className="subpanel">
          <legend>Question {qi + 1}</legend>
          <QuestionFields question={q} onChange={(question) => setQuestion(qi, question)} />
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
