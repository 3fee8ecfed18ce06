import { ChoiceFields } from './choice-fields';
import { MatchingFields, OrderingFields } from './order-match-fields';
import { convertQuestion, kindOf, QUESTION_KIND_LABELS, type Question, type QuestionKind } from './question-kinds';

type ShortAnswer = Extract<Question, { kind: 'short-answer' }>;

/** Accepted answers (one a line) or a pattern, and whether case matters. */
function ShortAnswerFields({ question: q, onChange }: { question: ShortAnswer; onChange: (q: ShortAnswer) => void }) {
  const pattern = q.match === 'pattern';
  return (
    <fieldset className="choices">
      <legend>Accepted answer</legend>
      <div className="field">
        <label htmlFor={`${q.id}-match`}>Compare the typed answer</label>
        <select
          id={`${q.id}-match`}
          value={q.match}
          onChange={(e) => onChange({ ...q, match: e.target.value === 'pattern' ? 'pattern' : 'exact', answers: [q.answers[0] ?? ''] })}
        >
          <option value="exact">Exactly with one of the answers</option>
          <option value="pattern">With a pattern (regular expression)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${q.id}-answers`}>{pattern ? 'Pattern the whole answer must match' : 'Accepted answers, one a line'}</label>
        {pattern ? (
          <input id={`${q.id}-answers`} value={q.answers[0] ?? ''} maxLength={200} onChange={(e) => onChange({ ...q, answers: [e.target.value] })} />
        ) : (
          <textarea
            id={`${q.id}-answers`}
            rows={2}
            value={q.answers.join('\n')}
            onChange={(e) => onChange({ ...q, answers: e.target.value.split('\n').slice(0, 10) })}
          />
        )}
      </div>
      <div className="field field--check">
        <input id={`${q.id}-case`} type="checkbox" checked={q.caseSensitive} onChange={(e) => onChange({ ...q, caseSensitive: e.target.checked })} />
        <label htmlFor={`${q.id}-case`}>Capital letters must match</label>
      </div>
    </fieldset>
  );
}

/** One question of a quiz block: its kind, prompt, answers as the kind has them, and explanation. */
export function QuestionFields({ question: q, onChange }: { question: Question; onChange: (q: Question) => void }) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${q.id}-kind`}>Question type</label>
        <select id={`${q.id}-kind`} value={kindOf(q)} onChange={(e) => onChange(convertQuestion(q, e.target.value as QuestionKind))}>
          {Object.entries(QUESTION_KIND_LABELS).map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${q.id}-prompt`}>Question</label>
        <textarea
          id={`${q.id}-prompt`}
          className="wrapping-input"
          rows={1}
          value={q.prompt}
          maxLength={1000}
          onChange={(e) => onChange({ ...q, prompt: e.target.value })}
        />
      </div>
      {q.kind === 'true-false' ? (
        <fieldset className="choices">
          <legend>The statement is</legend>
          {[true, false].map((value) => (
            <div key={String(value)} className="choice-edit">
              <input
                type="radio"
                id={`${q.id}-tf-${value}`}
                name={`${q.id}-tf`}
                checked={q.answer === value}
                onChange={() => onChange({ ...q, answer: value })}
              />
              <label htmlFor={`${q.id}-tf-${value}`}>{value ? 'True' : 'False'}</label>
            </div>
          ))}
        </fieldset>
      ) : q.kind === 'short-answer' ? (
        <ShortAnswerFields question={q} onChange={onChange} />
      ) : q.kind === 'ordering' ? (
        <OrderingFields question={q} onChange={onChange} />
      ) : q.kind === 'matching' ? (
        <MatchingFields question={q} onChange={onChange} />
      ) : (
        <ChoiceFields question={q} onChange={onChange} />
      )}
      <div className="field">
        <label htmlFor={`${q.id}-explanation`}>Explanation shown after answering</label>
        <textarea
          id={`${q.id}-explanation`}
          rows={2}
          maxLength={2000}
          value={q.explanation}
          onChange={(e) => onChange({ ...q, explanation: e.target.value })}
        />
      </div>
    </>
  );
}
