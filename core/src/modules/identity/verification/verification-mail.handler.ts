import type { MailProvider } from '@mirai/sdk-plugin';
import type { JobHandler } from '../../../jobs/job-contracts.ts';
import { recipientLocale } from '../../people/account-mail.ts';
import { localizeMail } from '../../people/mail-localize.ts';
import { renderMail } from '../../people/mail-template.ts';
import { EmailVerificationSchema } from './email-verification.entity.ts';
import type { EmailVerificationService } from './email-verification.service.ts';

/** The page of the web app a verification link opens. */
export function verificationLink(appUrl: string, token: string): string {
  const url = new URL('/verify-email', appUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * Mails one verification link. Idempotent: a link already sent, used or superseded is skipped,
 * and a retry between sending and recording `sent_at` reuses the row id as idempotency key
 * (the provider's Message-ID), so receivers can drop the duplicate. Provider failures flagged
 * transient are retried by the runner.
 */
export function verificationMailHandler(deps: { mail: () => MailProvider; verification: EmailVerificationService; appUrl: string }): JobHandler {
  return async (context) => {
    const verificationId = context.payload.verificationId;
    if (typeof verificationId !== 'string') throw new Error('verification mail job without a verificationId');
    const em = context.em();
    const row = await em.findOne(EmailVerificationSchema, { id: verificationId });
    if (row === null || row.usedAt !== null || row.expiresAt <= new Date()) return { sent: false, reason: 'used, superseded or expired' };
    if (row.sentAt !== null) return { sent: false, reason: 'already sent' };
    const link = verificationLink(deps.appUrl, deps.verification.tokenOf(row));
    const mail = {
      to: row.email,
      recipientUserId: row.userId,
      message: { key: 'email-verification' as const, params: { email: row.email, expiresAt: row.expiresAt } },
      actionUrl: link,
      idempotencyKey: `email-verification-${row.id}`,
    };
    await deps.mail().send(renderMail(localizeMail(mail, await recipientLocale(em, mail))));
    await em.nativeUpdate(EmailVerificationSchema, { id: row.id, sentAt: null }, { sentAt: new Date() });
    return { sent: true, reason: 'sent' };
  };
}
