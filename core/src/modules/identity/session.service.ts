import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from './auth-context.ts';
import { type CachedSession, type CallerView, IdentityCache } from './identity-cache.ts';
import type { Role } from './roles.ts';
import { type Session, SessionSchema } from './session.entity.ts';
import { hashToken, newToken } from './tokens.ts';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

interface ViewRow {
  user_id: string;
  email: string;
  email_verified: boolean;
  locale: string | null;
  memberships: { id: string; name: string; slug: string; role: Role }[];
}

const VIEW_COLUMNS = `u.email, u.email_verified_at is not null as email_verified, u.locale,
  coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'slug', t.slug, 'role', m.role) order by m.created_at, m.id)
              from membership m join tenant t on t.id = m.tenant_id where m.user_id = u.id), '[]'::json) as memberships`;

function viewOf(row: ViewRow): CallerView {
  return {
    userId: row.user_id,
    email: row.email,
    emailVerified: row.email_verified,
    locale: row.locale,
    memberships: row.memberships.map(({ id, name, slug, role }) => ({ tenant: { id, name, slug }, role })),
  };
}

/** The session of a token hash and its user's view, in one round trip. */
async function loadSession(em: EntityManager, tokenHash: string): Promise<{ session: CachedSession; view: CallerView } | null> {
  const rows = await em.execute<(ViewRow & { id: string; tenant_id: string; expires_ms: string })[]>(
    `select s.id, s.user_id, s.tenant_id, (extract(epoch from s.expires_at) * 1000)::bigint as expires_ms, ${VIEW_COLUMNS}
       from session s join app_user u on u.id = s.user_id
      where s.token_hash = ? and s.expires_at > now()`,
    [tokenHash],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    session: { sessionId: row.id, userId: row.user_id, tenantId: row.tenant_id, expiresAtMs: Number(row.expires_ms) },
    view: viewOf(row),
  };
}

export class SessionService {
  readonly #ttlMs: number;
  readonly #cache: IdentityCache;

  /** `cache` is shared with the change-notice listener; a cache that never hears notices caches nothing. */
  constructor(ttlHours: number, cache: IdentityCache = new IdentityCache()) {
    this.#ttlMs = ttlHours * 3_600_000;
    this.#cache = cache;
  }

  /** Persists a session in the caller's unit of work; the caller flushes. */
  issue(em: EntityManager, userId: string, tenantId: string): IssuedToken {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.#ttlMs);
    em.create(SessionSchema, { id: randomUUID(), tokenHash: hashToken(token), userId, tenantId, expiresAt });
    return { token, expiresAt };
  }

  /**
   * The caller of `token`: the session must be unexpired and the membership must still exist, so
   * a removed member or a changed role takes effect on the next request. A session belongs to its
   * user: `organisationId` picks another of the user's organisations for this request (the
   * session's own one otherwise), and naming one the user is not a member of is an error. Answered
   * from the identity cache when it holds the session; otherwise one round trip. `em` is called
   * only on a cache miss (forking a unit of work costs more than a cached answer).
   */
  async resolve(em: () => EntityManager, token: string, organisationId?: string): Promise<AuthContext | null> {
    const tokenHash = hashToken(token);
    const found = await this.#cache.session(tokenHash, () => loadSession(em(), tokenHash));
    if (found === null || found.session.expiresAtMs <= Date.now()) return null;
    const { session } = found;
    const view = found.view ?? (await this.callerView(em, session.userId));
    const tenantId = organisationId ?? session.tenantId;
    const membership = view?.memberships.find((entry) => entry.tenant.id === tenantId);
    if (view === null || membership === undefined) {
      // Removed from the session's own organisation: the session simply stops working.
      if (organisationId === undefined) return null;
      throw new MiraiError('MIRAI_ERR_AUTH_NOT_A_MEMBER', `You are not a member of organisation ${organisationId}`);
    }
    return { sessionId: session.sessionId, sessionKind: 'core', userId: session.userId, tenantId, role: membership.role, email: view.email };
  }

  /** The user's address, verification and memberships (oldest first); null for an unknown user. `em` is called on a cache miss only. */
  async callerView(em: () => EntityManager, userId: string): Promise<CallerView | null> {
    return this.#cache.view(userId, async () => {
      const rows = await em().execute<ViewRow[]>(`select u.id as user_id, ${VIEW_COLUMNS} from app_user u where u.id = ?`, [userId]);
      return rows[0] === undefined ? null : viewOf(rows[0]);
    });
  }

  /** The user's unexpired sessions, newest first: only what a session row stores. */
  async listOf(em: EntityManager, userId: string): Promise<Pick<Session, 'id' | 'tenantId' | 'createdAt' | 'expiresAt'>[]> {
    return em.find(
      SessionSchema,
      { userId, expiresAt: { $gt: new Date() } },
      { fields: ['id', 'tenantId', 'createdAt', 'expiresAt'], orderBy: { createdAt: 'desc', id: 'asc' } },
    );
  }

  /** Ends one of the user's own sessions; false when there is no such session of theirs. */
  async revokeOwn(em: EntityManager, userId: string, sessionId: string): Promise<boolean> {
    return (await em.nativeDelete(SessionSchema, { id: sessionId, userId })) === 1;
  }

  async revoke(em: EntityManager, sessionId: string): Promise<void> {
    await em.nativeDelete(SessionSchema, { id: sessionId });
  }

  async purgeExpired(em: EntityManager, userId: string): Promise<void> {
    await em.nativeDelete(SessionSchema, { userId, expiresAt: { $lte: new Date() } });
  }
}
