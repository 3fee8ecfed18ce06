import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './csv-writer.ts';
import { CsvError, learnerRows, parseCsv } from './learner-csv.ts';

describe('reading a learner CSV', () => {
  it('parses quoted fields with commas, quotes and line breaks, CRLF or LF, and a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,"b, ""c""\nd"\r\ne;f\n')).toEqual([
      ['a', 'b, "c"\nd'],
      ['e', 'f'],
    ]);
  });

  it('takes the column headed email, numbers rows as a spreadsheet does and says what is wrong with each bad one', () => {
    expect(learnerRows('name,E-mail\nAda,ada@example.org\n\nBob,\nCy,cy(at)example.org\nAda again,ADA@example.org\n')).toEqual([
      { row: 2, email: 'ada@example.org' },
      { row: 4, value: '', reason: 'No e-mail address in this row' },
      { row: 5, value: 'cy(at)example.org', reason: 'Not an e-mail address' },
      { row: 6, value: 'ADA@example.org', reason: 'Repeats row 2' },
    ]);
  });

  it('reads the first column of a file without a header', () => {
    expect(learnerRows('ada@example.org,Ada\nbob@example.org')).toEqual([
      { row: 1, email: 'ada@example.org' },
      { row: 2, email: 'bob@example.org' },
    ]);
  });

  it('refuses a file it cannot read as a whole', () => {
    expect(() => learnerRows('email\n')).toThrow(CsvError);
    expect(() => learnerRows('"ada@example.org')).toThrow(CsvError);
  });
});

describe('writing CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', '=1+1', '+1', '-1', '@SUM(A1)', '\tx', 3, null, true].map(csvCell)).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      '3',
      '',
      'true',
    ]);
    expect(csvDocument(['a', 'b'], [['=x,y', 1]])).toBe(`a,b\r\n"'=x,y",1\r\n`);
  });
});
