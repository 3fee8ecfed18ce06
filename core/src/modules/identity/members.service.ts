import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { PluginEventBus } from '../../plugin-host/plugin-event-bus.ts';
import type { AccessNoticePublisher } from '../../realtime/access-notice.ts';
import { queueAccountMail } from '../people/account-mail.ts';
import type { AuthContext } from './auth-context.ts';
import { type Invitation, InvitationSchema } from './invitation.entity.ts';
import type { InvitationMailDeps } from './invitation-mail.ts';
import { type Membership, MembershipSchema } from './membership.entity.ts';
import { MANAGER_ROLES, type Role } from './roles.ts';
import { hashToken, newToken } from './tokens.ts';
import { UserSchema } from './user.entity.ts';

const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export interface MemberRecord {
  id: string;
  userId: string;
  email: string;
  role: Role;
  createdAt: Date;
}

/** Admins manage everyone but owners; only owners make or unmake owners. */
function assertMayAssign(actorRole: Role, role: Role): void {
  if (actorRole !== 'owner' && role === 'owner') throw new MiraiError('MIRAI_ERR_AUTH_FORBIDDEN', 'Only an owner can grant or change the owner role');
}

/** The plan's seat limit (the billing module enforces it); identity only asks before adding a member. */
export interface SeatPolicy {
  /** `additional`: how many invitations the caller is about to make at once (1 unless given). */
  assertSeatAvailable(em: EntityManager, tenantId: string, reason: 'invite' | 'accept', additional?: number): Promise<void>;
}

export class MembersService {
  readonly #events: PluginEventBus;
  readonly #seats: SeatPolicy | undefined;
  readonly #access: AccessNoticePublisher | undefined;
  readonly #mail: InvitationMailDeps | undefined;

  /**
   * `seats` enforces the plan's seats (billing, when the tenant has a billing plugin); `access` tells every
   * API process that a membership changed, so sockets opened under the old role close; `mail`
   * delivers invitations by e-mail (without it only `link` invitations can be made).
   */
  constructor(events: PluginEventBus, seats?: SeatPolicy, access?: AccessNoticePublisher, mail?: InvitationMailDeps) {
    this.#events = events;
    this.#seats = seats;
    this.#access = access;
    this.#mail = mail;
  }

  async list(em: EntityManager): Promise<MemberRecord[]> {
    const memberships = await em.find(MembershipSchema, {}, { orderBy: { createdAt: 'asc' } });
    const users = await em.find(UserSchema, { id: { $in: memberships.map((m) => m.userId) } });
    const emails = new Map(users.map((user) => [user.id, user.email]));
    return memberships.map((m) => ({ id: m.id, userId: m.userId, email: emails.get(m.userId) ?? '', role: m.role, createdAt: m.createdAt }));
  }

  /**
   * Locks the organisation's owner memberships and re-reads the actor's and the target's, all in
   * the caller's transaction. Two owners demoting or removing each other at once queue on these
   * locks, and the second sees the first one's change: the organisation never loses its last owner.
   */
  async #lockForChange(tx: EntityManager, actor: AuthContext, id: string): Promise<{ membership: Membership; owners: number; actorRole: Role }> {
    const owners = await tx.execute<{ id: string }[]>("select id from membership where tenant_id = ? and role = 'owner' order by id for update", [
      actor.tenantId,
    ]);
    const rows = await tx.execute<{ id: string; user_id: string }[]>(
      'select id, user_id from membership where tenant_id = ? and (id = ? or user_id = ?) order by id for update',
      [actor.tenantId, id, actor.userId],
    );
    const current = await tx.find(MembershipSchema, { id: { $in: rows.map((row) => row.id) } }, { refresh: true });
    const acting = current.find((m) => m.userId === actor.userId);
    // The actor's role as committed now, not as it was when the request began.
    if (acting === undefined || !MANAGER_ROLES.includes(acting.role))
      throw new MiraiError('MIRAI_ERR_AUTH_FORBIDDEN', 'Your role no longer allows managing members');
    const membership = current.find((m) => m.id === id);
    if (membership === undefined) throw new MiraiError('MIRAI_ERR_MEMBER_NOT_FOUND');
    assertMayAssign(acting.role, membership.role);
    return { membership, owners: owners.length, actorRole: acting.role };
  }

  async changeRole(em: EntityManager, actor: AuthContext, id: string, role: Role): Promise<Membership> {
    const membership = await em.transactional(async (tx) => {
      const locked = await this.#lockForChange(tx, actor, id);
      assertMayAssign(locked.actorRole, role);
      if (locked.membership.role === 'owner' && role !== 'owner' && locked.owners <= 1) throw new MiraiError('MIRAI_ERR_MEMBER_LAST_OWNER');
      tx.assign(locked.membership, { role });
      return locked.membership;
    });
    await this.#access?.publish({ kind: 'membership-changed', tenantId: membership.tenantId, userId: membership.userId });
    return membership;
  }

  async remove(em: EntityManager, actor: AuthContext, id: string): Promise<void> {
    const membership = await em.transactional(async (tx) => {
      const locked = await this.#lockForChange(tx, actor, id);
      if (locked.membership.role === 'owner' && locked.owners <= 1) throw new MiraiError('MIRAI_ERR_MEMBER_LAST_OWNER');
      tx.remove(locked.membership);
      return locked.membership;
    });
    await this.#access?.publish({ kind: 'membership-changed', tenantId: membership.tenantId, userId: membership.userId });
    await this.#events.emit('member.removed', { tenantId: membership.tenantId, userId: membership.userId });
  }

  /**
   * A `mail` invitation's token is derived from its id and mailed to the address by a job queued in
   * the same transaction; nobody else ever sees it. A `link` invitation's token is returned once.
   */
  async invite(
    em: EntityManager,
    actor: AuthContext,
    email: string,
    role: Role,
    delivery: 'mail' | 'link' = 'link',
  ): Promise<Invitation & { token?: string }> {
    await this.#assertInvitable(em, actor, email, role);
    // Outside the transaction: the seat policy reads the plan through its own unit of work.
    await this.assertSeatsForInvitations(em, actor, 1);
    const token = delivery === 'link' ? newToken() : undefined;
    const invitation = await em.transactional((tx) => this.#createInvitation(tx, actor, email, role, delivery, token));
    if (token !== undefined) return { ...invitation, token };
    this.#mail?.afterCommit();
    return invitation;
  }

  /** Whether the plan's seats allow `count` more invitations; call before the transaction that makes them. */
  async assertSeatsForInvitations(em: EntityManager, actor: AuthContext, count: number): Promise<void> {
    if (count > 0) await this.#seats?.assertSeatAvailable(em, actor.tenantId, 'invite', count);
  }

  /**
   * A `mail` invitation made in the caller's transaction (enrolling a list of learners is one
   * transaction). The caller checks seats first (`assertSeatsForInvitations`) and kicks the mail
   * relay once the transaction committed.
   */
  async inviteByMailWithin(tx: EntityManager, actor: AuthContext, email: string, role: Role): Promise<Invitation> {
    await this.#assertInvitable(tx, actor, email, role);
    return this.#createInvitation(tx, actor, email, role, 'mail', undefined);
  }

  async #assertInvitable(em: EntityManager, actor: AuthContext, email: string, role: Role): Promise<void> {
    assertMayAssign(actor.role, role);
    const existing = await em.findOne(UserSchema, { email: email.trim().toLowerCase() });
    if (existing !== null && (await em.count(MembershipSchema, { userId: existing.id })) > 0) throw new MiraiError('MIRAI_ERR_MEMBER_EXISTS');
  }

  async #createInvitation(
    tx: EntityManager,
    actor: AuthContext,
    email: string,
    role: Role,
    delivery: 'mail' | 'link',
    linkToken: string | undefined,
  ): Promise<Invitation> {
    const normalized = email.trim().toLowerCase();
    const mail = this.#mail;
    if (delivery === 'mail' && mail === undefined) throw new MiraiError('MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED', 'This server cannot mail invitations');
    const id = randomUUID();
    const token = mail !== undefined && delivery === 'mail' ? mail.tokens.tokenOf(id) : (linkToken ?? newToken());
    const created = tx.create(InvitationSchema, {
      id,
      tenantId: actor.tenantId,
      email: normalized,
      role,
      tokenHash: hashToken(token),
      delivery,
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      acceptedAt: null,
    });
    if (delivery === 'mail' && mail !== undefined)
      await queueAccountMail(mail.jobs, tx, actor.tenantId, { mail: 'invitation', id, recipient: 'invitee' });
    await tx.flush();
    return created;
  }

  async pendingInvitations(em: EntityManager): Promise<Invitation[]> {
    return em.find(InvitationSchema, { acceptedAt: null, expiresAt: { $gt: new Date() } }, { orderBy: { createdAt: 'asc' } });
  }

  async revokeInvitation(em: EntityManager, id: string): Promise<void> {
    const deleted = await em.nativeDelete(InvitationSchema, { id, acceptedAt: null });
    if (deleted === 0) throw new MiraiError('MIRAI_ERR_INVITATION_INVALID');
  }

  /** An existing user joins the inviting tenant; the invitation is addressed to their email. */
  async accept(em: EntityManager, actor: AuthContext, token: string): Promise<{ tenantId: string; role: Role }> {
    const invitation = await em.findOne(InvitationSchema, { tokenHash: hashToken(token) }, { filters: { tenant: false } });
    if (invitation === null || invitation.acceptedAt !== null || invitation.expiresAt <= new Date() || invitation.email !== actor.email)
      throw new MiraiError('MIRAI_ERR_INVITATION_INVALID');
    // Matching by address is only safe for its proven owner: anyone can create an account under someone else's address.
    const user = await em.findOne(UserSchema, { id: actor.userId }, { fields: ['emailVerifiedAt'] });
    if (user?.emailVerifiedAt === null || user?.emailVerifiedAt === undefined)
      throw new MiraiError(
        'MIRAI_ERR_AUTH_EMAIL_UNVERIFIED',
        `Confirm ${actor.email} first (the link in the mail we sent; POST /v1/auth/verify-email/resend sends a new one), then accept the invitation`,
      );
    const already = await em.count(MembershipSchema, { tenantId: invitation.tenantId, userId: actor.userId }, { filters: { tenant: false } });
    if (already > 0) throw new MiraiError('MIRAI_ERR_MEMBER_EXISTS');
    await this.#seats?.assertSeatAvailable(em, invitation.tenantId, 'accept');
    await em.transactional(async (tx) => {
      tx.create(MembershipSchema, { id: randomUUID(), tenantId: invitation.tenantId, userId: actor.userId, role: invitation.role });
      tx.assign(invitation, { acceptedAt: new Date() });
    });
    await this.#events.emit('member.added', { tenantId: invitation.tenantId, userId: actor.userId, role: invitation.role });
    return { tenantId: invitation.tenantId, role: invitation.role };
  }
}
