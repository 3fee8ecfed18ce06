import { expect } from 'vitest';
import type { ReceivedMail, TestSmtp } from './test-smtp.ts';

/** A mail's raw text with quoted-printable soft breaks and escapes undone. */
export function decodedMail(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Quoted-printable runs (`=C3=A9`) as the UTF-8 text they encode. */
const quotedPrintable = (text: string) => text.replace(/(?:=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replace(/=/g, ''), 'hex').toString('utf8'));

/**
 * A mail as a person reads it: headers unfolded, RFC 2047 encoded words (`=?UTF-8?Q?…?=`) and
 * quoted-printable text decoded as UTF-8, so accented subjects and bodies can be compared.
 */
export function readableMail(raw: string): string {
  const headersDecoded = raw
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : quotedPrintable(text.replace(/_/g, ' ')),
    );
  return quotedPrintable(headersDecoded.replace(/=\r?\n/g, ''));
}

/** The token of the first link to `path` in a mail. */
export function linkTokenIn(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`${path.replace(/[/.]/g, '\\$&')}\\?token=([A-Za-z0-9_-]+)`).exec(decodedMail(mail.raw));
  if (match?.[1] === undefined) throw new Error(`no ${path} link in:\n${mail.raw}`);
  return match[1];
}

/** Waits (polling, no fixed sleep) for a mail to `to` whose subject contains `subject`, arrived after `after` earlier ones. */
export async function waitForMail(smtp: TestSmtp, to: string, subject: string, after = 0): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      () => {
        found = smtp.received.slice(after).find((mail) => mail.to.includes(to) && decodedMail(mail.raw).includes(`Subject: ${subject}`));
        return found !== undefined;
      },
      { timeout: 30_000, interval: 20 },
    )
    .toBe(true);
  if (found === undefined) throw new Error('unreachable: polled until found');
  return found;
}
