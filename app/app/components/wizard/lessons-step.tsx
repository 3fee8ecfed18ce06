import { StepFailure } from './failure-notice';
import type { WizardStepProps } from './wizard-step-props';

/** Step 6: the lesson job being started; once it is, the wizard hands over to the generation page. */
export function LessonsStep({ state, context, send }: WizardStepProps) {
  if (state === 'startLessonsFailed')
    return <StepFailure title="Lesson writing was not started." backLabel="Back to the outline" error={context.error} send={send} />;
  return <p aria-live="polite">Starting to write the lessons…</p>;
}
