import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UUID_REGEX } from '../http/common.schemas.ts';
import type { AuthContext } from '../modules/identity/auth-context.ts';
import type { Role } from '../modules/identity/roles.ts';

const TICKET_TTL_MS = 60_000;

/**
 * Who a ticket was issued to. A core session is checked again when the ticket is used, so a
 * ticket dies with its session. A provider session (e.g. Kratos) lives in the provider, so its
 * ticket carries the user and organisation and is checked against the membership only: such a
 * ticket outlives a revocation by at most its one-minute lifetime.
 */
export type TicketSubject = { kind: 'core'; sessionId: string } | { kind: 'provider'; userId: string; tenantId: string };

type Row = { user_id: string; tenant_id: string; role: Role; email: string; session_id: string | null };

/** A verified ticket: who it is for, its one-time nonce and when it expires. */
interface Verified {
  subject: TicketSubject;
  nonce: string;
  expires: number;
}

const NONCE = /^[A-Za-z0-9_-]{22}$/;

/**
 * Short-lived, single-use tickets that open `/v1/ws` and nothing else. A browser cannot set headers on a
 * websocket, and the web app keeps the session credential server-side, so it asks for a ticket on
 * the server and hands only that to the page. A ticket is `c.<sessionId>.<nonce>.<expiry>.<mac>` or
 * `p.<userId>.<tenantId>.<nonce>.<expiry>.<mac>`, signed with a key derived from the instance
 * secret, so any replica can check it, and useless as a bearer token for the REST API. The first
 * socket it opens records its nonce in the database; a replayed ticket (from a log, a proxy, a
 * browser history) opens nothing.
 */
export class WsTickets {
  readonly #key: Buffer;
  readonly #ttlMs: number;

  constructor(secretKey: Buffer, ttlMs = TICKET_TTL_MS) {
    this.#key = createHmac('sha256', secretKey).update('mirai websocket ticket v2').digest();
    this.#ttlMs = ttlMs;
  }

  static subjectOf(auth: AuthContext): TicketSubject {
    return auth.sessionKind === 'core'
      ? { kind: 'core', sessionId: auth.sessionId }
      : { kind: 'provider', userId: auth.userId, tenantId: auth.tenantId };
  }

  issue(subject: TicketSubject, now = Date.now()): { ticket: string; expiresAt: string } {
    const expires = now + this.#ttlMs;
    const parts = subject.kind === 'core' ? ['c', subject.sessionId] : ['p', subject.userId, subject.tenantId];
    const body = [...parts, randomBytes(16).toString('base64url'), expires.toString(36)].join('.');
    return { ticket: `${body}.${this.#mac(body)}`, expiresAt: new Date(expires).toISOString() };
  }

  /** The subject of a valid, unexpired ticket, else null. */
  subjectOf(ticket: string, now = Date.now()): TicketSubject | null {
    return this.#verify(ticket, now)?.subject ?? null;
  }

  #verify(ticket: string, now: number): Verified | null {
    const parts = ticket.split('.');
    const mac = parts.pop();
    const expiry = parts.pop();
    const nonce = parts.pop();
    if (mac === undefined || expiry === undefined || nonce === undefined || !NONCE.test(nonce)) return null;
    const expected = Buffer.from(this.#mac([...parts, nonce, expiry].join('.')));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const expires = Number.parseInt(expiry, 36);
    if (!(expires > now)) return null;
    const [kind, first, second, ...rest] = parts;
    if (rest.length > 0 || first === undefined || !UUID_REGEX.test(first)) return null;
    if (kind === 'c' && second === undefined) return { subject: { kind: 'core', sessionId: first }, nonce, expires };
    if (kind === 'p' && second !== undefined && UUID_REGEX.test(second))
      return { subject: { kind: 'provider', userId: first, tenantId: second }, nonce, expires };
    return null;
  }

  /** Records the ticket's use; false if it was used before (on any replica). Forgets expired uses. */
  async #firstUse(em: EntityManager, verified: Verified): Promise<boolean> {
    await em.execute('delete from ws_ticket_use where expires_at < now()');
    const inserted = await em.execute<{ nonce: string }[]>(
      'insert into ws_ticket_use (nonce, expires_at) values (?, ?) on conflict (nonce) do nothing returning nonce',
      [verified.nonce, new Date(verified.expires)],
    );
    return inserted.length === 1;
  }

  /**
   * The caller behind a ticket, using it up: its core session (if any) must still exist, and its
   * membership. A ticket resolves once; every later attempt gets null.
   */
  async resolve(em: EntityManager, ticket: string): Promise<AuthContext | null> {
    const verified = this.#verify(ticket, Date.now());
    if (verified === null || !(await this.#firstUse(em, verified))) return null;
    const { subject } = verified;
    const rows =
      subject.kind === 'core'
        ? await em.execute<Row[]>(
            `select s.id as session_id, s.user_id, s.tenant_id, m.role, u.email
               from session s
               join membership m on m.tenant_id = s.tenant_id and m.user_id = s.user_id
               join app_user u on u.id = s.user_id
              where s.id = ? and s.expires_at > now()`,
            [subject.sessionId],
          )
        : await em.execute<Row[]>(
            `select null as session_id, m.user_id, m.tenant_id, m.role, u.email
               from membership m join app_user u on u.id = m.user_id
              where m.user_id = ? and m.tenant_id = ?`,
            [subject.userId, subject.tenantId],
          );
    const row = rows[0];
    if (row === undefined) return null;
    const base = { userId: row.user_id, tenantId: row.tenant_id, role: row.role, email: row.email };
    return row.session_id === null
      ? { ...base, sessionId: `ticket:${row.user_id}`, sessionKind: 'provider' }
      : { ...base, sessionId: row.session_id, sessionKind: 'core' };
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }
}
