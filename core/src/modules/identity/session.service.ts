import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from './auth-context.ts';
import type { Role } from './roles.ts';
import { SessionSchema } from './session.entity.ts';
import { hashToken, newToken } from './tokens.ts';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export class SessionService {
  readonly #ttlMs: number;

  constructor(ttlHours: number) {
    this.#ttlMs = ttlHours * 3_600_000;
  }

  /** Persists a session in the caller's unit of work; the caller flushes. */
  issue(em: EntityManager, userId: string, tenantId: string): IssuedToken {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.#ttlMs);
    em.create(SessionSchema, { id: randomUUID(), tokenHash: hashToken(token), userId, tenantId, expiresAt });
    return { token, expiresAt };
  }

  /**
   * One round trip: the session must be unexpired and the membership must still exist, so a
   * removed member or a changed role takes effect on the next request. A session belongs to its
   * user: `organisationId` picks another of the user's organisations for this request (the
   * session's own one otherwise), and naming one the user is not a member of is an error.
   */
  async resolve(em: EntityManager, token: string, organisationId?: string): Promise<AuthContext | null> {
    const rows = await em.execute<{ id: string; user_id: string; tenant_id: string | null; role: Role | null; email: string }[]>(
      `select s.id, s.user_id, m.tenant_id, m.role, u.email
         from session s
         join app_user u on u.id = s.user_id
         left join membership m on m.user_id = s.user_id and m.tenant_id = coalesce(?::uuid, s.tenant_id)
        where s.token_hash = ? and s.expires_at > now()`,
      [organisationId ?? null, hashToken(token)],
    );
    const row = rows[0];
    if (row === undefined) return null;
    if (row.tenant_id === null || row.role === null) {
      // Removed from the session's own organisation: the session simply stops working.
      if (organisationId === undefined) return null;
      throw new MiraiError('MIRAI_ERR_AUTH_NOT_A_MEMBER', `You are not a member of organisation ${organisationId}`);
    }
    return { sessionId: row.id, sessionKind: 'core', userId: row.user_id, tenantId: row.tenant_id, role: row.role, email: row.email };
  }

  async revoke(em: EntityManager, sessionId: string): Promise<void> {
    await em.nativeDelete(SessionSchema, { id: sessionId });
  }

  async purgeExpired(em: EntityManager, userId: string): Promise<void> {
    await em.nativeDelete(SessionSchema, { userId, expiresAt: { $lte: new Date() } });
  }
}
