import { forwardRef } from 'react';

/**
 * The outcome of the last action: an alert (focusable, so focus can move to it) for failures, a
 * polite status for successes. Renders an empty live region otherwise so announcements are heard.
 */
export const StatusMessage = forwardRef<HTMLDivElement, { id: string; result: { ok: boolean; message: string } | undefined }>(function StatusMessage(
  { id, result },
  ref,
) {
  if (result === undefined || result.message === '') return <div id={id} role="status" className="visually-hidden" />;
  if (!result.ok)
    return (
      <div id={id} ref={ref} className="alert" role="alert" tabIndex={-1}>
        {result.message}
      </div>
    );
  return (
    <div id={id} ref={ref} className="notice" role="status" tabIndex={-1}>
      {result.message}
    </div>
  );
});
