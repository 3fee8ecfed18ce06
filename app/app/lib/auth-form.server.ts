import { data } from '@remix-run/node';
import type { FormErrors } from './form-errors';

export const CHECK_FIELDS = 'Please correct the fields marked below.';

/** The action result a form re-renders with: what went wrong and what the user typed (never the password). */
export function formFailure(errors: FormErrors, values: Record<string, string>, status: number) {
  return data({ errors, values }, { status });
}
