import { NoticedCache, type NoticedCacheOptions } from '../../db/noticed-cache.ts';
import type { Role } from './roles.ts';

/** The channel migration 0014's triggers notify on. */
export const IDENTITY_CHANNEL = 'mirai_identity';

/** A session row as the request scope needs it; keyed by the token's hash. */
export interface CachedSession {
  sessionId: string;
  userId: string;
  /** The organisation the session was opened in. */
  tenantId: string;
  expiresAtMs: number;
}

export interface CallerMembership {
  tenant: { id: string; name: string; slug: string };
  role: Role;
}

/** Who a user is and where they belong, oldest membership first. */
export interface CallerView {
  userId: string;
  email: string;
  emailVerified: boolean;
  /** The language mail reaches the user in, as stored (GET /v1/me answers only a known one). */
  locale: string | null;
  memberships: CallerMembership[];
}

interface Entry<T> {
  value: T;
  storedAt: number;
}

/**
 * Sessions and caller views of this process, so an authenticated request needs no database round
 * trip. Correctness rests on change notices (`changed`): the database announces, at commit, every
 * change to a session, membership, user or organisation (migration 0012), and the process forgets
 * what it touched before it uses that entry again. While notices cannot be heard (`hearing(false)`:
 * no listener yet, or its connection dropped), nothing is cached, so a missed notice cannot leave a
 * revoked session working. A load that overlaps any notice is returned but not kept: it may have
 * read the rows from before the change.
 */
export class IdentityCache extends NoticedCache {
  readonly #sessions = new Map<string, Entry<CachedSession>>();
  readonly #hashBySession = new Map<string, string>();
  readonly #users = new Map<string, Entry<CallerView>>();

  /** `maxEntries` is per map (sessions, users). */
  constructor(options: NoticedCacheOptions = {}) {
    super(options, 10_000);
  }

  /** A change notice: `session:<id>`, `user:<id>` or `tenant:<id>`; anything else forgets everything. */
  protected forget(notice: string): void {
    const colon = notice.indexOf(':');
    const kind = notice.slice(0, colon);
    const id = notice.slice(colon + 1);
    if (colon > 0 && kind === 'session') {
      const hash = this.#hashBySession.get(id);
      this.#hashBySession.delete(id);
      if (hash !== undefined) this.#sessions.delete(hash);
    } else if (colon > 0 && kind === 'user') {
      this.#users.delete(id);
    } else if (colon > 0 && kind === 'tenant') {
      for (const [userId, entry] of this.#users)
        if (entry.value.memberships.some((membership) => membership.tenant.id === id)) this.#users.delete(userId);
    } else {
      this.forgetAll();
    }
  }

  /** The session of `tokenHash`, from memory or from `load` (which may also return the user's view, saving a second query). */
  async session(
    tokenHash: string,
    load: () => Promise<{ session: CachedSession; view: CallerView } | null>,
  ): Promise<{ session: CachedSession; view: CallerView | undefined } | null> {
    const cached = this.#fresh(this.#sessions, tokenHash);
    if (cached !== undefined) return { session: cached, view: this.#fresh(this.#users, cached.userId) };
    const mayKeep = this.loadStarted();
    const loaded = await load();
    if (loaded === null) return null;
    if (mayKeep()) {
      const evicted = this.#store(this.#sessions, tokenHash, loaded.session);
      if (evicted !== undefined) this.#hashBySession.delete(evicted.sessionId);
      this.#hashBySession.set(loaded.session.sessionId, tokenHash);
      this.#store(this.#users, loaded.view.userId, loaded.view);
    }
    return loaded;
  }

  /** The caller view of `userId`, from memory or from `load`. */
  async view(userId: string, load: () => Promise<CallerView | null>): Promise<CallerView | null> {
    const cached = this.#fresh(this.#users, userId);
    if (cached !== undefined) return cached;
    const mayKeep = this.loadStarted();
    const loaded = await load();
    if (loaded !== null && mayKeep()) this.#store(this.#users, userId, loaded);
    return loaded;
  }

  #fresh<T>(map: Map<string, Entry<T>>, key: string): T | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (this.isFresh(entry.storedAt)) return entry.value;
    map.delete(key);
    return undefined;
  }

  /** Returns the entry it evicted to make room, if any. */
  #store<T>(map: Map<string, Entry<T>>, key: string, value: T): T | undefined {
    map.delete(key);
    let evicted: T | undefined;
    if (map.size >= this.maxEntries) {
      const oldest = map.entries().next();
      if (oldest.done !== true) {
        map.delete(oldest.value[0]);
        evicted = oldest.value[1].value;
      }
    }
    map.set(key, { value, storedAt: this.now() });
    return evicted;
  }

  protected clear(): void {
    this.#sessions.clear();
    this.#hashBySession.clear();
    this.#users.clear();
  }
}
