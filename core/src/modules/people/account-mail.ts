import type { EntityManager } from '@mikro-orm/postgresql';
import type { JsonObject, MailProvider } from '@mirai/sdk-plugin';
import type { JobHandler } from '../../jobs/job-contracts.ts';
import type { JobsService } from '../../jobs/jobs.service.ts';
import { type LocalizedMail, localizeMail } from './mail-localize.ts';
import { isMailLocale, type MailLocale } from './mail-messages.ts';
import { renderMail } from './mail-template.ts';

/** One job kind for every account and people mail; `mail` names the composer that renders it. */
export const ACCOUNT_MAIL_JOB = 'mail.account';

export interface AccountMailPayload extends JsonObject {
  mail: string;
  /** The row the mail is about (a password reset, a change of e-mail, an invitation, a certificate). */
  id: string;
  /** Which of several recipients of the same row (e.g. `old` or `new` address). */
  recipient: string;
}

/**
 * Renders one mail from the current state of its row, or null when it should no longer be sent
 * (used, superseded, expired, revoked). Tokens are rebuilt here from the row id, never queued.
 */
export type ComposeMail = (em: EntityManager, payload: AccountMailPayload) => Promise<LocalizedMail | null>;

/** The recipient's chosen language when Mirai writes in it, else English. */
export async function recipientLocale(em: EntityManager, mail: Pick<LocalizedMail, 'to' | 'recipientUserId'>): Promise<MailLocale> {
  // Read by column: identity owns the table and already depends on this module (its composers).
  const rows =
    mail.recipientUserId === undefined
      ? await em.execute<{ locale: string | null }[]>('select locale from app_user where email = ?', [mail.to])
      : await em.execute<{ locale: string | null }[]>('select locale from app_user where id = ?', [mail.recipientUserId]);
  const locale = rows[0]?.locale;
  return isMailLocale(locale) ? locale : 'en';
}

/** Inside the caller's transaction (outbox): the mail is queued only if the change that wants it commits. */
export async function queueAccountMail(jobs: JobsService, tx: EntityManager, tenantId: string, payload: AccountMailPayload): Promise<void> {
  await jobs.createJob(tx, { tenantId, kind: ACCOUNT_MAIL_JOB, payload, maxAttempts: 8 });
}

/**
 * Sends one account mail, never twice: the `sent_mail` ledger, keyed by the message's idempotency
 * key, is checked before sending and written after. A crash between the two re-sends with the same
 * key, which providers use as the Message-ID, so receivers drop the duplicate. Transient provider
 * failures are retried by the runner.
 */
export function accountMailHandler(deps: { mail: () => MailProvider; composers: Readonly<Record<string, ComposeMail>> }): JobHandler {
  return async (context) => {
    const { mail, id, recipient } = context.payload;
    if (typeof mail !== 'string' || typeof id !== 'string' || typeof recipient !== 'string')
      throw new Error('account mail job without mail, id and recipient');
    const compose = deps.composers[mail];
    if (compose === undefined) throw new Error(`no composer for account mail "${mail}"`);
    const em = context.em();
    const composed = await compose(em, { mail, id, recipient });
    if (composed === null) return { sent: false, reason: 'no longer wanted' };
    const content = localizeMail(composed, await recipientLocale(em, composed));
    const done = await em.execute<{ key: string }[]>('select idempotency_key as key from sent_mail where idempotency_key = ?', [
      content.idempotencyKey,
    ]);
    if (done.length > 0) return { sent: false, reason: 'already sent' };
    await deps.mail().send(renderMail(content));
    await em.execute('insert into sent_mail (idempotency_key, mail, sent_at) values (?, ?, now()) on conflict do nothing', [
      content.idempotencyKey,
      mail,
    ]);
    return { sent: true, reason: 'sent' };
  };
}
