import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
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
   * removed member or a changed role takes effect on the next request.
   */
  async resolve(em: EntityManager, token: string): Promise<AuthContext | null> {
    const rows = await em.execute<{ id: string; user_id: string; tenant_id: string; role: Role; email: string }[]>(
      `select s.id, s.user_id, s.tenant_id, m.role, u.email
         from session s
         join membership m on m.tenant_id = s.tenant_id and m.user_id = s.user_id
         join app_user u on u.id = s.user_id
        where s.token_hash = ? and s.expires_at > now()`,
      [hashToken(token)],
    );
    const row = rows[0];
    return row === undefined
      ? null
      : { sessionId: row.id, sessionKind: 'core', userId: row.user_id, tenantId: row.tenant_id, role: row.role, email: row.email };
  }

  async revoke(em: EntityManager, sessionId: string): Promise<void> {
    await em.nativeDelete(SessionSchema, { id: sessionId });
  }

  async purgeExpired(em: EntityManager, userId: string): Promise<void> {
    await em.nativeDelete(SessionSchema, { userId, expiresAt: { $lte: new Date() } });
  }
}
