import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../../errors/mirai-error.ts';
import type { ComposeMail } from '../../people/account-mail.ts';
import { queueAccountMail } from '../../people/account-mail.ts';
import type { LinkTokens } from '../link-tokens.ts';
import { SessionSchema } from '../session.entity.ts';
import { hashToken } from '../tokens.ts';
import { UserSchema } from '../user.entity.ts';
import { PasswordResetSchema } from './account-links.entity.ts';
import { appLink, asPasswordProblem, homeTenantOf, passwordProvider, type RecoveryDeps } from './recovery-context.ts';

const RESET_TTL_MS = 60 * 60_000;
/** At most one reset mail per account in this window, however often it is asked for: nobody can flood an inbox. */
const RESET_COOLDOWN_MS = 60_000;

/**
 * Password reset for password accounts. Asking answers the same whether or not an account exists
 * (no enumeration); the link is single-use, expires after an hour, supersedes older ones, and its
 * token is stored only as a SHA-256. A reset ends every session of the account, and the account's
 * address is told once it is done (ASVS 2.5.5: a changed credential is notified).
 */
export class PasswordResetService {
  readonly #deps: RecoveryDeps;
  readonly #tokens: LinkTokens;

  constructor(deps: RecoveryDeps, tokens: LinkTokens) {
    this.#deps = deps;
    this.#tokens = tokens;
  }

  async request(em: EntityManager, rawEmail: string): Promise<void> {
    passwordProvider(this.#deps);
    const email = rawEmail.trim().toLowerCase();
    const user = await em.findOne(UserSchema, { email, authProvider: this.#deps.providerName });
    if (user === null) return;
    const tenantId = await homeTenantOf(em, user.id);
    if (tenantId === null) return;
    const recent = await em.count(PasswordResetSchema, {
      userId: user.id,
      usedAt: null,
      createdAt: { $gt: new Date(Date.now() - RESET_COOLDOWN_MS) },
    });
    if (recent > 0) return;
    await em.transactional(async (tx) => {
      await tx.nativeUpdate(PasswordResetSchema, { userId: user.id, usedAt: null }, { expiresAt: new Date() });
      const id = randomUUID();
      tx.create(PasswordResetSchema, {
        id,
        userId: user.id,
        email,
        tokenHash: this.#tokens.hashOf(id),
        expiresAt: new Date(Date.now() + RESET_TTL_MS),
        usedAt: null,
      });
      await queueAccountMail(this.#deps.jobs, tx, tenantId, { mail: 'password-reset', id, recipient: 'user' });
    });
    this.#deps.afterCommit();
  }

  /**
   * Spends the token, then sets the password through the provider; if the provider refuses the
   * password the token is given back (a compensation), so a too-short password costs no new mail.
   */
  async complete(em: EntityManager, token: string, password: string): Promise<void> {
    const provider = passwordProvider(this.#deps);
    const invalid = new MiraiError('MIRAI_ERR_AUTH_RESET_INVALID');
    const row = await em.findOne(PasswordResetSchema, { tokenHash: hashToken(token) });
    if (row === null || row.usedAt !== null || row.expiresAt <= new Date()) throw invalid;
    // Conditional on `used_at is null`: two concurrent uses of one token cannot both succeed.
    const claimed = await em.nativeUpdate(PasswordResetSchema, { id: row.id, usedAt: null }, { usedAt: new Date() });
    if (claimed !== 1) throw invalid;
    const user = await em.findOne(UserSchema, { id: row.userId, email: row.email }, { refresh: true });
    if (user === null || provider.setPassword === undefined) {
      await em.nativeUpdate(PasswordResetSchema, { id: row.id }, { usedAt: null });
      if (user === null) throw invalid;
      throw new MiraiError('MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED', `"${this.#deps.providerName}" cannot set passwords`);
    }
    try {
      await provider.setPassword({ subject: user.authSubject, password });
    } catch (error) {
      await em.nativeUpdate(PasswordResetSchema, { id: row.id }, { usedAt: null });
      throw asPasswordProblem(error);
    }
    const tenantId = await homeTenantOf(em, user.id);
    const sessions = await em.transactional(async (tx) => {
      const ended = await tx.find(SessionSchema, { userId: user.id }, { fields: ['id'] });
      await tx.nativeDelete(SessionSchema, { userId: user.id });
      // Following the mailed link proves the address too.
      await tx.nativeUpdate(UserSchema, { id: user.id, emailVerifiedAt: null }, { emailVerifiedAt: new Date() });
      if (tenantId !== null) await queueAccountMail(this.#deps.jobs, tx, tenantId, { mail: 'password-changed', id: row.id, recipient: 'user' });
      return ended.map((session) => session.id);
    });
    this.#deps.afterCommit();
    await this.#deps.throttle.succeeded(user.email);
    for (const sessionId of sessions) await this.#deps.access?.publish({ kind: 'session-ended', sessionId });
  }

  readonly composers: Record<string, ComposeMail> = {
    'password-reset': async (em, { id }) => {
      const row = await em.findOne(PasswordResetSchema, { id });
      if (row === null || row.usedAt !== null || row.expiresAt <= new Date()) return null;
      return {
        to: row.email,
        message: { key: 'password-reset', params: { email: row.email, expiresAt: row.expiresAt } },
        actionUrl: appLink(this.#deps.appUrl, '/reset-password', this.#tokens, row.id),
        idempotencyKey: `password-reset-${row.id}`,
      };
    },
    // Sent after the reset is spent: whoever holds the mailbox learns of a change they did not make.
    'password-changed': async (em, { id }) => {
      const row = await em.findOne(PasswordResetSchema, { id });
      const changedAt = row?.usedAt;
      if (row === null || changedAt === null || changedAt === undefined) return null;
      return {
        to: row.email,
        message: { key: 'password-changed-reset', params: { email: row.email, changedAt } },
        actionUrl: new URL('/forgot-password', this.#deps.appUrl).toString(),
        idempotencyKey: `password-changed-${row.id}`,
      };
    },
  };
}
