import { outlineProblem } from '../../machines/outline-draft';
import { WithoutModelNotice } from '../authoring/without-model-notice';
import { StepFailure } from './failure-notice';
import { OutlineReview } from './outline-review';
import type { WizardStepProps } from './wizard-step-props';

/** Step 5: the drafted outline to edit, then either a fresh draft or on to writing the lessons. */
export function ReviewStep({ state, context, send }: WizardStepProps) {
  const problem = outlineProblem(context.outline);
  return (
    <>
      {state === 'saveOutlineFailed' ? (
        <StepFailure title="The outline was not saved." backLabel="Keep editing" error={context.error} send={send} />
      ) : null}
      {context.outlineWriter?.withoutModel === true ? <WithoutModelNotice what="outline" label={context.outlineWriter.label} /> : null}
      <p>Rename, reorder, add or remove modules and lessons. Nothing is written until you continue.</p>
      <OutlineReview outline={context.outline} send={send} />
      <div className="button-row button-row--spread">
        <button type="button" className="button button--secondary" onClick={() => send({ type: 'REGENERATE_OUTLINE' })} disabled={state !== 'review'}>
          Draft a new outline
        </button>
        <button
          type="button"
          className="button"
          onClick={() => send({ type: 'NEXT' })}
          disabled={state !== 'review' || problem !== null}
          aria-describedby={problem === null ? undefined : 'outline-problem'}
        >
          {state === 'savingOutline' ? 'Saving…' : 'Write the lessons'}
        </button>
      </div>
      {problem === null ? null : (
        <p id="outline-problem" className="field__error">
          {problem}
        </p>
      )}
    </>
  );
}
