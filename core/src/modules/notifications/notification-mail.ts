import type { EntityManager } from '@mikro-orm/postgresql';
import { identityRecords } from '../identity/identity-records.ts';
import type { ComposeMail } from '../people/account-mail.ts';
import type { MailContent } from '../people/mail-template.ts';

/** The account-mail composer name of a notification's e-mail. */
export const NOTIFICATION_MAIL = 'notification';

interface Row {
  title: string;
  link: string | null;
  payload: { body?: unknown };
  user_id: string;
}

/**
 * Writes a notification's mail from its row, when the mail job runs: the title is the subject,
 * the body sentence the text, the link the button. A notification deleted meanwhile sends nothing.
 */
export function notificationComposer(appUrl: string): Record<string, ComposeMail> {
  const compose: ComposeMail = async (em: EntityManager, payload): Promise<MailContent | null> => {
    const rows = await em.execute<Row[]>('select title, link, payload, user_id from notification where id = ?', [payload.id]);
    const row = rows[0];
    if (row === undefined) return null;
    const user = await identityRecords.user(em, row.user_id);
    if (user === null) return null;
    const body = typeof row.payload.body === 'string' ? row.payload.body : row.title;
    return {
      to: user.email,
      subject: row.title,
      paragraphs: [body, 'You can choose which notifications reach you by e-mail on your account page.'],
      ...(row.link === null ? {} : { action: { label: 'Open in Mirai', url: new URL(row.link, appUrl).toString() } }),
      idempotencyKey: `notification:${payload.id}`,
    };
  };
  return { [NOTIFICATION_MAIL]: compose };
}
