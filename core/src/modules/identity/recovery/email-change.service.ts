import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isPluginError } from '@mirai/sdk-plugin';
import { MiraiError } from '../../../errors/mirai-error.ts';
import { type ComposeMail, queueAccountMail } from '../../people/account-mail.ts';
import type { AuthContext } from '../auth-context.ts';
import type { LinkTokens } from '../link-tokens.ts';
import { hashToken } from '../tokens.ts';
import { UserSchema } from '../user.entity.ts';
import { type EmailChange, EmailChangeSchema } from './account-links.entity.ts';
import { appLink, homeTenantOf, passwordProvider, type RecoveryDeps } from './recovery-context.ts';

const CHANGE_TTL_MS = 24 * 3_600_000;

/**
 * Change of e-mail for password accounts. Asking takes the current password; the new address must
 * confirm through a link mailed to it, and the old one is told at once (so a stolen session cannot
 * move an account away unnoticed). Once confirmed, both addresses get a confirmation.
 */
export class EmailChangeService {
  readonly #deps: RecoveryDeps;
  readonly #tokens: LinkTokens;

  constructor(deps: RecoveryDeps, tokens: LinkTokens) {
    this.#deps = deps;
    this.#tokens = tokens;
  }

  async request(em: EntityManager, actor: AuthContext, rawEmail: string, password: string): Promise<void> {
    const provider = passwordProvider(this.#deps);
    if (provider.changeEmail === undefined)
      throw new MiraiError('MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED', `"${this.#deps.providerName}" cannot change addresses`);
    const newEmail = rawEmail.trim().toLowerCase();
    // The current password, throttled like a sign-in: a borrowed session is not enough to move the account.
    await this.#deps.throttle.admitAccount(actor.email);
    if ((await provider.verifyCredential({ email: actor.email, password })) === null) throw new MiraiError('MIRAI_ERR_AUTH_INVALID_CREDENTIALS');
    await this.#deps.throttle.succeeded(actor.email);
    if (newEmail === actor.email)
      throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', '/body/email is already your address', {
        fieldErrors: [{ field: '/body/email', message: 'is already your address' }],
      });
    if ((await em.count(UserSchema, { email: newEmail })) > 0) throw new MiraiError('MIRAI_ERR_AUTH_EMAIL_TAKEN');
    const tenantId = (await homeTenantOf(em, actor.userId)) ?? actor.tenantId;
    await em.transactional(async (tx) => {
      await tx.nativeUpdate(EmailChangeSchema, { userId: actor.userId, usedAt: null }, { expiresAt: new Date() });
      const id = randomUUID();
      tx.create(EmailChangeSchema, {
        id,
        userId: actor.userId,
        oldEmail: actor.email,
        newEmail,
        tokenHash: this.#tokens.hashOf(id),
        expiresAt: new Date(Date.now() + CHANGE_TTL_MS),
        usedAt: null,
      });
      await queueAccountMail(this.#deps.jobs, tx, tenantId, { mail: 'email-change', id, recipient: 'new' });
      await queueAccountMail(this.#deps.jobs, tx, tenantId, { mail: 'email-change', id, recipient: 'old' });
    });
    this.#deps.afterCommit();
  }

  /** Spends the token and moves the account (credential first, with a compensation if the core update fails). */
  async confirm(em: EntityManager, token: string): Promise<{ email: string }> {
    const provider = passwordProvider(this.#deps);
    const invalid = new MiraiError('MIRAI_ERR_AUTH_EMAIL_CHANGE_INVALID');
    const row = await em.findOne(EmailChangeSchema, { tokenHash: hashToken(token) });
    if (row === null || row.usedAt !== null || row.expiresAt <= new Date() || provider.changeEmail === undefined) throw invalid;
    const user = await em.findOne(UserSchema, { id: row.userId, email: row.oldEmail });
    if (user === null) throw invalid;
    if ((await em.count(UserSchema, { email: row.newEmail })) > 0) throw new MiraiError('MIRAI_ERR_AUTH_EMAIL_TAKEN');
    try {
      await provider.changeEmail({ subject: user.authSubject, email: row.newEmail });
    } catch (error) {
      if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_CONFLICT') throw new MiraiError('MIRAI_ERR_AUTH_EMAIL_TAKEN');
      throw error;
    }
    try {
      const tenantId = (await homeTenantOf(em, user.id)) ?? '';
      await em.transactional(async (tx) => {
        // Conditional on `used_at is null`: two concurrent uses of one token cannot both succeed.
        if ((await tx.nativeUpdate(EmailChangeSchema, { id: row.id, usedAt: null }, { usedAt: new Date() })) !== 1) throw invalid;
        // The link reached the new address: it is verified.
        await tx.nativeUpdate(UserSchema, { id: user.id, email: row.oldEmail }, { email: row.newEmail, emailVerifiedAt: new Date() });
        if (tenantId !== '') {
          await queueAccountMail(this.#deps.jobs, tx, tenantId, { mail: 'email-changed', id: row.id, recipient: 'old' });
          await queueAccountMail(this.#deps.jobs, tx, tenantId, { mail: 'email-changed', id: row.id, recipient: 'new' });
        }
      });
    } catch (error) {
      await provider.changeEmail({ subject: user.authSubject, email: row.oldEmail });
      throw error;
    }
    this.#deps.afterCommit();
    return { email: row.newEmail };
  }

  readonly composers: Record<string, ComposeMail> = {
    'email-change': async (em, { id, recipient }) => {
      const row = await em.findOne(EmailChangeSchema, { id });
      if (row === null || row.usedAt !== null || row.expiresAt <= new Date()) return null;
      if (recipient === 'new')
        return {
          to: row.newEmail,
          recipientUserId: row.userId,
          message: { key: 'email-change-new', params: { oldEmail: row.oldEmail, newEmail: row.newEmail, expiresAt: row.expiresAt } },
          actionUrl: appLink(this.#deps.appUrl, '/confirm-email-change', this.#tokens, row.id),
          idempotencyKey: `email-change-${row.id}-new`,
        };
      return {
        to: row.oldEmail,
        recipientUserId: row.userId,
        message: { key: 'email-change-old', params: { oldEmail: row.oldEmail, newEmail: row.newEmail } },
        actionUrl: new URL('/forgot-password', this.#deps.appUrl).toString(),
        idempotencyKey: `email-change-${row.id}-old`,
      };
    },
    'email-changed': async (em, { id, recipient }) => {
      const row: EmailChange | null = await em.findOne(EmailChangeSchema, { id });
      const confirmedAt = row?.usedAt;
      if (row === null || confirmedAt === null || confirmedAt === undefined) return null;
      return {
        to: recipient === 'new' ? row.newEmail : row.oldEmail,
        recipientUserId: row.userId,
        message: {
          key: 'email-changed',
          params: { oldEmail: row.oldEmail, newEmail: row.newEmail, confirmedAt, toOldAddress: recipient === 'old' },
        },
        idempotencyKey: `email-changed-${row.id}-${recipient}`,
      };
    },
  };
}
