import { MatchingControls, matchingComplete, OrderingControls } from './order-match-controls';
import type { QuestionResult, QuizQuestion, QuizResponse } from './types';

interface ControlsProps {
  question: QuizQuestion;
  /** Unique prefix for ids and radio group names. */
  name: string;
  response: QuizResponse | undefined;
  graded: QuestionResult | undefined;
  disabled: boolean;
  onChange: (response: QuizResponse) => void;
}

/** Whether a response says something for its question (a typed word, at least one choice). */
export function isAnswered(question: QuizQuestion, response: QuizResponse | undefined): boolean {
  // The items as shown are an arrangement too.
  if (question.kind === 'ordering') return true;
  if (response === undefined) return false;
  switch (question.kind) {
    case 'multiple':
      return (response.choiceIndices?.length ?? 0) > 0;
    case 'true-false':
      return response.answer !== undefined;
    case 'short-answer':
      return (response.text ?? '').trim() !== '';
    case 'matching':
      return matchingComplete(question, response);
    default:
      return response.choiceIndex !== undefined;
  }
}

interface Option {
  key: string;
  label: string;
  checked: boolean;
  right: boolean;
  select: () => void;
}

/** The options of a choice or true/false question, with which are chosen and which are right once graded. */
function optionsOf({ question, response, graded, onChange }: ControlsProps): Option[] {
  if (question.kind === 'true-false')
    return [true, false].map((value) => ({
      key: String(value),
      label: value ? 'True' : 'False',
      checked: response?.answer === value,
      right: graded?.correctAnswer === value,
      select: () => onChange({ answer: value }),
    }));
  const chosen = response?.choiceIndices ?? [];
  return (question.choices ?? []).map((label, c) =>
    question.kind === 'multiple'
      ? {
          key: String(c),
          label,
          checked: chosen.includes(c),
          right: graded?.correctIndices?.includes(c) === true,
          select: () => onChange({ choiceIndices: chosen.includes(c) ? chosen.filter((i) => i !== c) : [...chosen, c].sort((a, b) => a - b) }),
        }
      : {
          key: String(c),
          label,
          checked: response?.choiceIndex === c,
          right: graded?.correctIndex === c,
          select: () => onChange({ choiceIndex: c }),
        },
  );
}

/**
 * A question's native controls, so keyboards and screen readers work as everywhere: radio buttons
 * (one answer, true/false), checkboxes (several answers), a labelled text field (short answer).
 * Once graded, each option says whether it is the right answer or the learner's wrong one.
 */
export function QuestionControls(props: ControlsProps) {
  const { question, name, response, graded, disabled, onChange } = props;
  if (question.kind === 'ordering') return <OrderingControls {...props} />;
  if (question.kind === 'matching') return <MatchingControls {...props} />;
  if (question.kind === 'short-answer')
    return (
      <div className="lb-short-answer">
        <label htmlFor={`${name}-text`}>Your answer</label>
        <input
          id={`${name}-text`}
          type="text"
          maxLength={500}
          autoComplete="off"
          value={response?.text ?? ''}
          disabled={disabled}
          onChange={(e) => onChange({ text: e.target.value })}
        />
        {graded?.acceptedAnswers !== undefined && !graded.correct ? (
          <p className="lb-choice__mark">Accepted answer: {graded.acceptedAnswers[0]}</p>
        ) : null}
      </div>
    );
  const type = question.kind === 'multiple' ? 'checkbox' : 'radio';
  return (
    <ul className="lb-choices">
      {question.kind === 'multiple' ? <li className="lb-choices__hint">Select every answer that applies.</li> : null}
      {optionsOf(props).map((option) => {
        const id = `${name}-${option.key}`;
        const mark = graded === undefined ? '' : option.right ? 'is-correct' : option.checked ? 'is-wrong' : '';
        return (
          <li key={id} className={`lb-choice ${mark}`}>
            <input type={type} id={id} name={name} value={option.key} checked={option.checked} disabled={disabled} onChange={option.select} />
            <label htmlFor={id}>{option.label}</label>
            {mark === 'is-correct' ? <span className="lb-choice__mark">Correct answer</span> : null}
            {mark === 'is-wrong' ? <span className="lb-choice__mark">Your answer</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
