import { useEffect, useRef } from 'react';

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
