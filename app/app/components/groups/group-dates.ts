/**
 * Group and assignment dates are whole days in the form (`<input type="date">`) and instants in the
 * API: a start is the beginning of its day, a due date the end of it, both in UTC.
 */
export function startOfDay(value: string): string | null {
  return value === '' ? null : `${value}T00:00:00.000Z`;
}

export function endOfDay(value: string): string | null {
  return value === '' ? null : `${value}T23:59:59.999Z`;
}

/** The day of an instant, as the form shows it ('' for none). */
export function dayOf(instant: string | null): string {
  return instant === null ? '' : instant.slice(0, 10);
}
