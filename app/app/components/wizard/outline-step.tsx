import type { StreamStatus } from '../../lib/ws-course-stream';
import { StepFailure } from './failure-notice';
import type { WizardStepProps } from './wizard-step-props';

/** Step 4: the outline being drafted, live, or why it was not. */
export function OutlineStep({ state, context, send, connection }: WizardStepProps & { connection: StreamStatus }) {
  if (state === 'startOutlineFailed' || state === 'outlineFailed')
    return (
      <StepFailure
        title={state === 'outlineFailed' ? 'The outline could not be drafted.' : 'The outline was not started.'}
        backLabel="Back to audiences"
        error={context.error}
        send={send}
      />
    );
  return (
    <div className="live-progress" data-testid="outline-progress">
      <progress max={100} value={context.outlineProgress.percent} aria-label="Outline progress" />
      <p aria-live="polite">{context.outlineProgress.message ?? 'Starting…'}</p>
      {connection === 'reconnecting' ? <p className="meta">Connection lost, reconnecting…</p> : null}
    </div>
  );
}
