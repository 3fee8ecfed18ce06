/** What a learner import makes of one CSV record, numbered as a spreadsheet shows it (the header is row 1). */
export type LearnerRow = { row: number; email: string } | { row: number; value: string; reason: string };

export const MAX_IMPORT_ROWS = 5000;
const HEADERS = new Set(['email', 'e-mail', 'email address', 'e-mail address', 'mail']);
// The `email` format of the request schemas (ajv-formats, "fast"), so an address accepted one by one is accepted in a file.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export class CsvError extends Error {}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF ends a record. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',' || c === ';') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      records.push([...record, field]);
      record = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new CsvError('A quoted field is not closed');
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

export const isEmail = (value: string): boolean => value.length <= 254 && EMAIL.test(value);

/**
 * Reads learner addresses from a CSV file: the column headed `email` (or the first column when the
 * first row is not a header). Blank rows are skipped; every other row is either an address or a
 * rejection with its reason, so the caller can report each bad row by number.
 */
export function learnerRows(text: string): LearnerRow[] {
  const records = parseCsv(text);
  const first = records[0]?.map((cell) => cell.trim().toLowerCase()) ?? [];
  const headerColumn = first.findIndex((cell) => HEADERS.has(cell));
  const column = Math.max(headerColumn, 0);
  const rows: LearnerRow[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const row = index + 1;
    if ((headerColumn >= 0 && index === 0) || record.every((cell) => cell.trim() === '')) return;
    const value = (record[column] ?? '').trim();
    const email = value.toLowerCase();
    const earlier = seen.get(email);
    if (value === '') rows.push({ row, value, reason: 'No e-mail address in this row' });
    else if (!isEmail(value)) rows.push({ row, value, reason: 'Not an e-mail address' });
    else if (earlier !== undefined) rows.push({ row, value, reason: `Repeats row ${earlier}` });
    else {
      seen.set(email, row);
      rows.push({ row, email });
    }
  });
  if (rows.length === 0) throw new CsvError('The file has no learner rows');
  if (rows.length > MAX_IMPORT_ROWS) throw new CsvError(`At most ${MAX_IMPORT_ROWS} rows per import`);
  return rows;
}
