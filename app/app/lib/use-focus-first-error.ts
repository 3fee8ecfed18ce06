import { type RefObject, useEffect } from 'react';

/**
 * After a failed submission, moves focus to the first invalid field of the form, or to its
 * error summary when no single field is to blame, so keyboard and screen-reader users land on it.
 */
export function useFocusFirstError(formRef: RefObject<HTMLFormElement | null>, summaryRef: RefObject<HTMLElement | null>, errors: unknown): void {
  useEffect(() => {
    if (errors === undefined || errors === null) return;
    const firstInvalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (firstInvalid ?? summaryRef.current)?.focus();
  }, [errors, formRef, summaryRef]);
}

/**
 * After any submission with a visible outcome: a failure focuses the first invalid field (else the
 * status message), a success focuses the status message, so the result is announced where it is.
 */
export function useFocusSubmissionResult(
  formRef: RefObject<HTMLFormElement | null>,
  statusRef: RefObject<HTMLElement | null>,
  result: { ok: boolean } | undefined,
): void {
  useEffect(() => {
    if (result === undefined) return;
    const firstInvalid = result.ok ? null : formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (firstInvalid ?? statusRef.current)?.focus();
  }, [result, formRef, statusRef]);
}
