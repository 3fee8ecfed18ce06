import { forwardRef } from 'react';

/** The summary of why a submission failed; focusable so it can receive focus when no field is to blame. */
export const FormAlert = forwardRef<HTMLDivElement, { id: string; message: string | undefined }>(function FormAlert({ id, message }, ref) {
  if (message === undefined || message === '') return null;
  return (
    <div id={id} ref={ref} className="alert" role="alert" tabIndex={-1}>
      {message}
    </div>
  );
});
