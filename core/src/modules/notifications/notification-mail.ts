import type { EntityManager } from '@mikro-orm/postgresql';
import { identityRecords } from '../identity/identity-records.ts';
import type { ComposeMail } from '../people/account-mail.ts';
import type { LocalizedMail } from '../people/mail-localize.ts';
import type { MailTemplateRef } from '../people/mail-messages.ts';

/** The account-mail composer name of a notification's e-mail. */
export const NOTIFICATION_MAIL = 'notification';

interface Row {
  kind: string;
  title: string;
  link: string | null;
  payload: Record<string, unknown>;
  user_id: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const date = (value: unknown): Date | null => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : null);

/**
 * The template of a notification's mail, from its kind and the facts its payload keeps; a row
 * written before payloads kept them (no course title) is mailed as stored, in English.
 */
export function notificationMessage(row: Pick<Row, 'kind' | 'title' | 'payload'>): MailTemplateRef {
  const { payload } = row;
  const course = text(payload.courseTitle);
  const dueAt = date(payload.dueAt);
  const what = payload.what === 'outline' ? 'outline' : 'lessons';
  if (course !== null)
    switch (row.kind) {
      case 'generation.finished':
        return { key: row.kind, params: { course, what } };
      case 'generation.failed':
        return { key: row.kind, params: { course, what, error: text(payload.error) } };
      case 'export.ready':
        return { key: row.kind, params: { course, format: text(payload.format) } };
      case 'course.assigned':
        return { key: row.kind, params: { course, dueAt } };
      case 'course.completed':
        return { key: row.kind, params: { course } };
      case 'course.due-soon':
      case 'course.overdue':
        if (dueAt !== null) return { key: row.kind, params: { course, dueAt } };
    }
  return { key: 'notification.as-stored', params: { title: row.title, body: text(payload.body) ?? row.title } };
}

/**
 * Writes a notification's mail from its row when the mail job runs, in the recipient's language:
 * the title is the subject, the sentence the text, the link the button. A notification deleted
 * meanwhile sends nothing.
 */
export function notificationComposer(appUrl: string): Record<string, ComposeMail> {
  const compose: ComposeMail = async (em: EntityManager, payload): Promise<LocalizedMail | null> => {
    const rows = await em.execute<Row[]>('select kind, title, link, payload, user_id from notification where id = ?', [payload.id]);
    const row = rows[0];
    if (row === undefined) return null;
    const user = await identityRecords.user(em, row.user_id);
    if (user === null) return null;
    return {
      to: user.email,
      recipientUserId: user.id,
      message: notificationMessage(row),
      notification: true,
      ...(row.link === null ? {} : { actionUrl: new URL(row.link, appUrl).toString() }),
      idempotencyKey: `notification:${payload.id}`,
    };
  };
  return { [NOTIFICATION_MAIL]: compose };
}
