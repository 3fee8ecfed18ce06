/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would read as a formula (starting with = + - @,
 * or a tab or carriage return that some strip first) gets a leading apostrophe, so an address or
 * course title chosen by someone else cannot run in the reader's spreadsheet (CSV injection).
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A CSV document with CRLF line ends, header first. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
