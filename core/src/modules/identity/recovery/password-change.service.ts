import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../../errors/mirai-error.ts';
import { type ComposeMail, queueAccountMail } from '../../people/account-mail.ts';
import type { AuthContext } from '../auth-context.ts';
import { SessionSchema } from '../session.entity.ts';
import { UserSchema } from '../user.entity.ts';
import { PasswordChangeSchema } from './account-links.entity.ts';
import { asPasswordProblem, homeTenantOf, passwordProvider, type RecoveryDeps } from './recovery-context.ts';

export interface PasswordChangeInput {
  currentPassword: string;
  newPassword: string;
  /** End every other session of the account (the calling one stays). */
  endOtherSessions: boolean;
}

/**
 * A signed-in user changes their own password (ASVS 2.1.5, 2.1.6). The current password is
 * required and checked like a sign-in, against the same per-account lockout, so a borrowed session
 * cannot guess it. Other sessions end by default (ASVS 3.3.3), and the account's address is told
 * (ASVS 2.5.5), as after a reset.
 */
export class PasswordChangeService {
  readonly #deps: RecoveryDeps;

  constructor(deps: RecoveryDeps) {
    this.#deps = deps;
  }

  async change(em: EntityManager, actor: AuthContext, input: PasswordChangeInput): Promise<{ otherSessionsEnded: number }> {
    const provider = passwordProvider(this.#deps);
    if (provider.setPassword === undefined || actor.sessionKind !== 'core')
      throw new MiraiError('MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED', `"${this.#deps.providerName}" cannot set passwords`);
    const user = await em.findOneOrFail(UserSchema, { id: actor.userId });
    await this.#deps.throttle.admitAccount(user.email);
    const identity = await provider.verifyCredential({ email: user.email, password: input.currentPassword });
    if (identity === null || identity.subject !== user.authSubject)
      throw new MiraiError('MIRAI_ERR_AUTH_CURRENT_PASSWORD_WRONG', undefined, {
        fieldErrors: [{ field: '/body/currentPassword', message: 'is not your current password' }],
      });
    await this.#deps.throttle.succeeded(user.email);
    try {
      await provider.setPassword({ subject: user.authSubject, password: input.newPassword });
    } catch (error) {
      throw asPasswordProblem(error, '/body/newPassword');
    }
    const tenantId = (await homeTenantOf(em, user.id)) ?? actor.tenantId;
    let ended: { count: number; sessionIds: string[] };
    try {
      ended = await em.transactional(async (tx) => {
        const others = { userId: user.id, id: { $ne: actor.sessionId } };
        const noticed = input.endOtherSessions ? await tx.find(SessionSchema, others, { fields: ['id'] }) : [];
        // By condition, not by the ids just read: a session a racing sign-in opened meanwhile ends too.
        const count = input.endOtherSessions ? await tx.nativeDelete(SessionSchema, others) : 0;
        const id = randomUUID();
        tx.create(PasswordChangeSchema, { id, userId: user.id, email: user.email, otherSessionsEnded: count });
        await queueAccountMail(this.#deps.jobs, tx, tenantId, { mail: 'password-changed-signed-in', id, recipient: 'user' });
        return { count, sessionIds: noticed.map((session) => session.id) };
      });
    } catch (error) {
      // Compensation: the credential lives in the provider, outside this transaction; the caller proved the old password.
      await provider.setPassword({ subject: user.authSubject, password: input.currentPassword });
      throw error;
    }
    this.#deps.afterCommit();
    for (const sessionId of ended.sessionIds) await this.#deps.access?.publish({ kind: 'session-ended', sessionId });
    return { otherSessionsEnded: ended.count };
  }

  readonly composers: Record<string, ComposeMail> = {
    // Whoever holds the mailbox learns of a change they did not make, with the way back.
    'password-changed-signed-in': async (em, { id }) => {
      const row = await em.findOne(PasswordChangeSchema, { id });
      if (row === null) return null;
      return {
        to: row.email,
        message: {
          key: 'password-changed-signed-in',
          params: { email: row.email, changedAt: row.createdAt, otherSessionsEnded: row.otherSessionsEnded },
        },
        actionUrl: new URL('/forgot-password', this.#deps.appUrl).toString(),
        idempotencyKey: `password-changed-signed-in-${row.id}`,
      };
    },
  };
}
