import { createHmac, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../../errors/mirai-error.ts';
import type { JobsService } from '../../../jobs/jobs.service.ts';
import { hashToken } from '../tokens.ts';
import { UserSchema } from '../user.entity.ts';
import { type EmailVerification, EmailVerificationSchema } from './email-verification.entity.ts';

export const VERIFICATION_MAIL_JOB = 'mail.email-verification';

/**
 * E-mail verification for password accounts. A link's token is an HMAC of its row id under the
 * instance key, so the mail job can rebuild it without the token ever being stored or queued in
 * clear; the row keeps only its SHA-256. Tokens are single-use, expire, and a newer link
 * supersedes older ones.
 */
export class EmailVerificationService {
  readonly #key: Buffer;
  readonly #jobs: JobsService;
  readonly #ttlMs: number;

  constructor(options: { secretKey: Buffer; jobs: JobsService; ttlHours: number }) {
    this.#key = createHmac('sha256', options.secretKey).update('mirai email verification v1').digest();
    this.#jobs = options.jobs;
    this.#ttlMs = options.ttlHours * 3_600_000;
  }

  tokenOf(verification: Pick<EmailVerification, 'id'>): string {
    return createHmac('sha256', this.#key).update(verification.id).digest('base64url');
  }

  /** Inside the caller's transaction: a new link for the user, superseding open ones, and the job that mails it. */
  async start(tx: EntityManager, user: { id: string; email: string }, tenantId: string): Promise<void> {
    await tx.nativeUpdate(EmailVerificationSchema, { userId: user.id, usedAt: null }, { expiresAt: new Date() });
    const id = randomUUID();
    tx.create(EmailVerificationSchema, {
      id,
      userId: user.id,
      email: user.email,
      tokenHash: hashToken(this.tokenOf({ id })),
      expiresAt: new Date(Date.now() + this.#ttlMs),
      usedAt: null,
      sentAt: null,
    });
    await this.#jobs.createJob(tx, { tenantId, kind: VERIFICATION_MAIL_JOB, payload: { verificationId: id }, maxAttempts: 8 });
  }

  /** Uses a token once: the user's address counts as verified if it is still the one the link was sent to. */
  async verify(em: EntityManager, token: string): Promise<{ userId: string }> {
    return em.transactional(async (tx) => {
      const row = await tx.findOne(EmailVerificationSchema, { tokenHash: hashToken(token) });
      const now = new Date();
      const invalid = new MiraiError('MIRAI_ERR_AUTH_VERIFICATION_INVALID');
      if (row === null || row.usedAt !== null || row.expiresAt <= now) throw invalid;
      // Conditional on `used_at is null`: two concurrent uses of one token cannot both succeed.
      const claimed = await tx.nativeUpdate(EmailVerificationSchema, { id: row.id, usedAt: null }, { usedAt: now });
      if (claimed !== 1) throw invalid;
      const verified = await tx.nativeUpdate(UserSchema, { id: row.userId, email: row.email }, { emailVerifiedAt: now });
      if (verified !== 1) throw invalid;
      return { userId: row.userId };
    });
  }

  async isVerified(em: EntityManager, userId: string): Promise<boolean> {
    const user = await em.findOne(UserSchema, { id: userId }, { fields: ['emailVerifiedAt'] });
    return user?.emailVerifiedAt !== null && user?.emailVerifiedAt !== undefined;
  }
}
