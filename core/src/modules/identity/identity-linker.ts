import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthIdentity } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { PluginEventBus } from '../../plugin-host/plugin-event-bus.ts';
import { InvitationSchema } from './invitation.entity.ts';
import { MembershipSchema } from './membership.entity.ts';
import type { Role } from './roles.ts';
import { tenantSlug } from './slug.ts';
import { TenantSchema } from './tenant.entity.ts';
import { UserSchema } from './user.entity.ts';
import { UserIdentitySchema } from './user-identity.entity.ts';

/** A linked user and the membership a request acts in (null when the user belongs nowhere). */
export interface LinkedUser {
  userId: string;
  email: string;
  membership: { tenantId: string; role: Role } | null;
}

interface LinkRow {
  user_id: string;
  email: string;
  email_verified_at: Date | null;
  tenant_id: string | null;
  role: Role | null;
}

type Joined = { kind: 'linked' } | { kind: 'created'; userId: string; tenantId: string; tenantName: string | null; role: Role };

const NO_TENANT_FILTER = { filters: { tenant: false } } as const;
const ATTEMPTS = 3;

function organisationName(identity: AuthIdentity): string {
  const owner = identity.name ?? identity.email.split('@')[0] ?? identity.email;
  return `${owner}'s organisation`.slice(0, 120);
}

/**
 * Links identities of a session provider to Mirai users on first sight, in one transaction:
 * by subject when linked before; else to the user with the same (verified) email; else a new user
 * who joins the organisations that invited the (verified) email, or owns a new one. Concurrent
 * first requests race on unique constraints; the losers retry and find the winner's link.
 */
export class IdentityLinker {
  readonly #provider: string;
  readonly #events: PluginEventBus;

  constructor(options: { provider: string; events: PluginEventBus }) {
    this.#provider = options.provider;
    this.#events = options.events;
  }

  /** One round trip for an identity seen before; the named organisation, else the first membership by age, is the working tenant. */
  async #find(em: EntityManager, subject: string, organisationId: string | undefined, verified: boolean): Promise<LinkedUser | null> {
    const rows = await em.execute<LinkRow[]>(
      `select u.id as user_id, u.email, u.email_verified_at, m.tenant_id, m.role
         from user_identity i
         join app_user u on u.id = i.user_id
         left join membership m on m.user_id = u.id and (?::uuid is null or m.tenant_id = ?::uuid)
        where i.provider = ? and i.subject = ?
        order by m.created_at asc nulls last
        limit 1`,
      [organisationId ?? null, organisationId ?? null, this.#provider, subject],
    );
    const row = rows[0];
    if (row === undefined) return null;
    // The provider verified the address since the link was made: so does Mirai (invitations need it).
    if (row.email_verified_at === null && verified)
      await em.execute('update app_user set email_verified_at = now() where id = ? and email_verified_at is null', [row.user_id]);
    return {
      userId: row.user_id,
      email: row.email,
      membership: row.tenant_id === null || row.role === null ? null : { tenantId: row.tenant_id, role: row.role },
    };
  }

  async userFor(em: EntityManager, identity: AuthIdentity, organisationId?: string): Promise<LinkedUser> {
    for (let attempt = 1; ; attempt += 1) {
      const found = await this.#find(em, identity.subject, organisationId, identity.emailVerified === true);
      if (found !== null) return found;
      let joined: Joined;
      try {
        joined = await em.fork().transactional((tx) => this.#link(tx, identity));
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException) || attempt >= ATTEMPTS) throw error;
        continue;
      }
      // Announced after commit; the next iteration reads the link back.
      if (joined.kind === 'created') {
        if (joined.tenantName !== null) await this.#events.emit('tenant.created', { tenantId: joined.tenantId, name: joined.tenantName });
        await this.#events.emit('member.added', { tenantId: joined.tenantId, userId: joined.userId, role: joined.role });
      }
    }
  }

  async #link(tx: EntityManager, identity: AuthIdentity): Promise<Joined> {
    const email = identity.email.trim().toLowerCase();
    const link = (userId: string) => tx.create(UserIdentitySchema, { id: randomUUID(), provider: this.#provider, subject: identity.subject, userId });
    const existing = await tx.findOne(UserSchema, { email });
    if (existing !== null) {
      if (identity.emailVerified !== true)
        throw new MiraiError('MIRAI_ERR_AUTH_EMAIL_UNVERIFIED', `A Mirai account for ${email} exists; verify this email address to sign in to it`);
      link(existing.id);
      await tx.flush();
      return { kind: 'linked' };
    }

    const invitations = await tx.find(InvitationSchema, { email, acceptedAt: null, expiresAt: { $gt: new Date() } }, NO_TENANT_FILTER);
    if (invitations.length > 0 && identity.emailVerified !== true)
      throw new MiraiError('MIRAI_ERR_AUTH_EMAIL_UNVERIFIED', `${email} was invited to an organisation; verify this email address to join it`);
    const user = tx.create(UserSchema, {
      id: randomUUID(),
      email,
      authProvider: this.#provider,
      authSubject: identity.subject,
      emailVerifiedAt: identity.emailVerified === true ? new Date() : null,
    });
    link(user.id);
    let joined: Joined;
    const [invitation] = [...invitations].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    if (invitation === undefined) {
      const name = organisationName(identity);
      const tenant = tx.create(TenantSchema, { id: randomUUID(), name, slug: tenantSlug(name) });
      tx.create(MembershipSchema, { id: randomUUID(), tenantId: tenant.id, userId: user.id, role: 'owner' });
      joined = { kind: 'created', userId: user.id, tenantId: tenant.id, tenantName: name, role: 'owner' };
    } else {
      // The oldest invitation is accepted; others stay open for POST /v1/invitations/accept.
      tx.create(MembershipSchema, { id: randomUUID(), tenantId: invitation.tenantId, userId: user.id, role: invitation.role });
      tx.assign(invitation, { acceptedAt: new Date() });
      joined = { kind: 'created', userId: user.id, tenantId: invitation.tenantId, tenantName: null, role: invitation.role };
    }
    await tx.flush();
    return joined;
  }
}
