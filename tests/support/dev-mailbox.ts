import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';

/** A message of mail-smtp's development mailbox as plain text (quoted-printable soft breaks and `=3D` undone). */
function decoded(eml: string): string {
  return eml.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
}

/**
 * The token of a link to the app page `page` (e.g. `reset-password`) mailed to `email`, read
 * from the development mailbox the embedded API writes (no SMTP configured), waiting until the mail
 * job has written it.
 */
export async function mailedTokenFor(dataDir: string, email: string, page: string): Promise<string> {
  const mailbox = path.join(dataDir, 'plugins', 'mail-smtp', 'mailbox');
  const link = new RegExp(`${page}\\?token=([A-Za-z0-9_.-]+)`);
  let token = '';
  await expect
    .poll(
      async () => {
        const names = await readdir(mailbox).catch(() => []);
        for (const name of names) {
          const text = decoded(await readFile(path.join(mailbox, name), 'utf8'));
          const match = link.exec(text);
          if (text.includes(email) && match?.[1] !== undefined) token = match[1];
        }
        return token;
      },
      { timeout: 60_000, interval: 200 },
    )
    .not.toBe('');
  return token;
}

/** The e-mail verification token mailed to `email` (see mailedTokenFor). */
export async function verificationTokenFor(dataDir: string, email: string): Promise<string> {
  return mailedTokenFor(dataDir, email, 'verify-email');
}
