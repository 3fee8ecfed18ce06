import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { currentOrder } from './order-match-controls';
import { isAnswered, QuestionControls } from './question-controls';
import { gradeLocally, type QuizAnswers, type QuizBlock, type QuizGrading, type QuizResult } from './types';

/**
 * A quiz: each question with its kind's controls, checked all at once. After checking, every question says
 * whether it was right, which answer is correct and why; focus moves to the score so keyboard and
 * screen-reader users hear it. "Try again" clears the answers.
 */
export function QuizBlockView({ block, grading }: { block: QuizBlock; grading: QuizGrading | undefined }) {
  const baseId = useId();
  const [answers, setAnswers] = useState<QuizAnswers>({});
  const [localResult, setLocalResult] = useState<QuizResult | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  const [cleared, setCleared] = useState<QuizResult | undefined>(undefined);
  const summaryRef = useRef<HTMLDivElement>(null);
  const serverResult = grading?.results[block.id];
  const result = grading === undefined ? localResult : serverResult === cleared ? undefined : serverResult;
  const checking = grading?.checking === block.id;
  const error = grading?.errors?.[block.id];

  useEffect(() => {
    if (result !== undefined) summaryRef.current?.focus();
  }, [result]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (block.questions.some((q) => !isAnswered(q, answers[q.id]))) {
      setMissing(true);
      return;
    }
    setMissing(false);
    // An ordering left as shown is answered with the order shown.
    const complete = { ...answers };
    for (const q of block.questions) if (q.kind === 'ordering') complete[q.id] = { order: currentOrder(q, answers[q.id]) };
    if (grading === undefined) setLocalResult(gradeLocally(block, complete));
    else grading.onCheck(block.id, complete);
  };
  const retry = () => {
    setAnswers({});
    setLocalResult(undefined);
    setCleared(serverResult);
  };

  return (
    // An article, not a section: a labelled section is a region landmark, and a lesson with two quizzes
    // would have two landmarks of one name.
    <article className="lb-quiz" aria-labelledby={`${baseId}-title`} data-block-type="quiz">
      <h3 id={`${baseId}-title`} className="lb-quiz__title">
        Check your understanding
      </h3>
      <form onSubmit={submit} noValidate>
        {block.questions.map((question, q) => {
          const graded = result?.results.find((r) => r.questionId === question.id);
          return (
            <fieldset key={question.id} className="lb-question" data-question-id={question.id}>
              <legend>
                <span className="lb-question__number">Question {q + 1}.</span> {question.prompt}
              </legend>
              <QuestionControls
                question={question}
                name={`${baseId}-${question.id}`}
                response={answers[question.id]}
                graded={graded}
                disabled={result !== undefined || checking}
                onChange={(response) => setAnswers((current) => ({ ...current, [question.id]: response }))}
              />
              {graded === undefined ? null : (
                <div className={`lb-feedback ${graded.correct ? 'lb-feedback--correct' : 'lb-feedback--wrong'}`} data-testid="quiz-feedback">
                  <p className="lb-feedback__verdict">{graded.correct ? 'Correct.' : 'Not quite.'}</p>
                  {graded.explanation === '' ? null : <p>{graded.explanation}</p>}
                </div>
              )}
            </fieldset>
          );
        })}
        {missing ? (
          <p className="lb-quiz__error" role="alert">
            Answer every question before checking.
          </p>
        ) : null}
        {error === undefined ? null : (
          <p className="lb-quiz__error" role="alert">
            {error}
          </p>
        )}
        {result === undefined ? (
          <button type="submit" className="button lb-quiz__submit" disabled={checking}>
            {checking ? 'Checking…' : 'Check answers'}
          </button>
        ) : null}
      </form>
      {result === undefined ? null : (
        <div
          ref={summaryRef}
          tabIndex={-1}
          role="status"
          className={`lb-quiz__summary ${result.passed ? 'lb-quiz__summary--passed' : ''}`}
          data-testid="quiz-summary"
        >
          <p>
            <strong>
              {result.correct} of {result.total} correct.
            </strong>{' '}
            {result.passed ? `Quiz passed (pass mark ${result.passMark} %).` : `You need ${result.passMark} % to pass.`}
          </p>
          <button type="button" className="button button--secondary" onClick={retry}>
            Try again
          </button>
        </div>
      )}
    </article>
  );
}
