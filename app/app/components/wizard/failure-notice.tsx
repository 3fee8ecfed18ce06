import { useEffect, useRef } from 'react';
import type { WizardStepProps } from './wizard-step-props';

/** A failed network call: what went wrong, a retry, and a way back. Takes focus so it is announced. */
export function FailureNotice({
  title,
  message,
  onRetry,
  onBack,
  backLabel = 'Back',
}: {
  title: string;
  message: string | null;
  onRetry: () => void;
  onBack?: () => void;
  backLabel?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} className="alert failure-notice" role="alert" tabIndex={-1} data-testid="wizard-failure">
      <p>
        <strong>{title}</strong> {message}
      </p>
      <div className="button-row">
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
        {onBack === undefined ? null : (
          <button type="button" className="button button--secondary" onClick={onBack}>
            {backLabel}
          </button>
        )}
      </div>
    </div>
  );
}

/** A failed call of a wizard step: trying again retries it, going back leaves the step's failure state. */
export function StepFailure({
  title,
  backLabel,
  error,
  send,
}: {
  title: string;
  backLabel?: string;
  error: string | null;
  send: WizardStepProps['send'];
}) {
  return (
    <FailureNotice
      title={title}
      message={error}
      onRetry={() => send({ type: 'RETRY' })}
      onBack={() => send({ type: 'BACK' })}
      backLabel={backLabel}
    />
  );
}
