/** What a form shows after a failed submission: a summary and messages keyed by field name. */
export interface FormErrors {
  message: string;
  fields: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** `/body/tenantName` (the API's JSON-pointer style) → `tenantName`. */
export function fieldName(pointer: string): string {
  return pointer
    .replace(/^\/body\//, '')
    .replace(/^\//, '')
    .replaceAll('/', '.');
}

/**
 * Turns an RFC 9457 problem (the `error` of an API call, typed per route by the generated
 * schema, or anything else a failed call produced) into form errors.
 */
export function formErrorsFromProblem(problem: unknown, fallback: string): FormErrors {
  if (!isRecord(problem)) return { message: fallback, fields: {} };
  const fields: Record<string, string> = {};
  if (Array.isArray(problem.errors)) {
    for (const entry of problem.errors) {
      if (!isRecord(entry) || typeof entry.field !== 'string' || typeof entry.message !== 'string') continue;
      const name = fieldName(entry.field);
      fields[name] = fields[name] === undefined ? entry.message : `${fields[name]}; ${entry.message}`;
    }
  }
  const detail = typeof problem.detail === 'string' && problem.detail !== '' ? problem.detail : undefined;
  const title = typeof problem.title === 'string' && problem.title !== '' ? problem.title : undefined;
  return { message: detail ?? title ?? fallback, fields };
}

export function hasErrors(errors: FormErrors): boolean {
  return errors.message !== '' || Object.keys(errors.fields).length > 0;
}
