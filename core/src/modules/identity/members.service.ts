import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { PluginEventBus } from '../../plugin-host/plugin-event-bus.ts';
import type { BillingService } from '../billing/billing.service.ts';
import type { AuthContext } from './auth-context.ts';
import { type Invitation, InvitationSchema } from './invitation.entity.ts';
import { type Membership, MembershipSchema } from './membership.entity.ts';
import type { Role } from './roles.ts';
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
function assertMayAssign(actor: AuthContext, role: Role, current?: Role): void {
  if (actor.role !== 'owner' && (role === 'owner' || current === 'owner'))
    throw new MiraiError('MIRAI_ERR_AUTH_FORBIDDEN', 'Only an owner can grant or change the owner role');
}

export class MembersService {
  readonly #events: PluginEventBus;
  readonly #billing: Pick<BillingService, 'assertSeatAvailable'> | undefined;

  /** `billing` enforces the plan's seats when the tenant has a billing plugin. */
  constructor(events: PluginEventBus, billing?: Pick<BillingService, 'assertSeatAvailable'>) {
    this.#events = events;
    this.#billing = billing;
  }

  async list(em: EntityManager): Promise<MemberRecord[]> {
    const memberships = await em.find(MembershipSchema, {}, { orderBy: { createdAt: 'asc' } });
    const users = await em.find(UserSchema, { id: { $in: memberships.map((m) => m.userId) } });
    const emails = new Map(users.map((user) => [user.id, user.email]));
    return memberships.map((m) => ({ id: m.id, userId: m.userId, email: emails.get(m.userId) ?? '', role: m.role, createdAt: m.createdAt }));
  }

  async #get(em: EntityManager, id: string): Promise<Membership> {
    const membership = await em.findOne(MembershipSchema, { id });
    if (membership === null) throw new MiraiError('MIRAI_ERR_MEMBER_NOT_FOUND');
    return membership;
  }

  async #assertNotLastOwner(em: EntityManager, membership: Membership): Promise<void> {
    if (membership.role === 'owner' && (await em.count(MembershipSchema, { role: 'owner' })) <= 1)
      throw new MiraiError('MIRAI_ERR_MEMBER_LAST_OWNER');
  }

  async changeRole(em: EntityManager, actor: AuthContext, id: string, role: Role): Promise<Membership> {
    const membership = await this.#get(em, id);
    assertMayAssign(actor, role, membership.role);
    if (role !== 'owner') await this.#assertNotLastOwner(em, membership);
    em.assign(membership, { role });
    await em.flush();
    return membership;
  }

  async remove(em: EntityManager, actor: AuthContext, id: string): Promise<void> {
    const membership = await this.#get(em, id);
    assertMayAssign(actor, membership.role, membership.role);
    await this.#assertNotLastOwner(em, membership);
    await em.remove(membership).flush();
    await this.#events.emit('member.removed', { tenantId: membership.tenantId, userId: membership.userId });
  }

  async invite(em: EntityManager, actor: AuthContext, email: string, role: Role): Promise<Invitation & { token: string }> {
    assertMayAssign(actor, role);
    const normalized = email.trim().toLowerCase();
    const existing = await em.findOne(UserSchema, { email: normalized });
    if (existing !== null && (await em.count(MembershipSchema, { userId: existing.id })) > 0) throw new MiraiError('MIRAI_ERR_MEMBER_EXISTS');
    await this.#billing?.assertSeatAvailable(em, actor.tenantId, 'invite');
    const token = newToken();
    const invitation = em.create(InvitationSchema, {
      id: randomUUID(),
      tenantId: actor.tenantId,
      email: normalized,
      role,
      tokenHash: hashToken(token),
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      acceptedAt: null,
    });
    await em.flush();
    return { ...invitation, token };
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
    await this.#billing?.assertSeatAvailable(em, invitation.tenantId, 'accept');
    await em.transactional(async (tx) => {
      tx.create(MembershipSchema, { id: randomUUID(), tenantId: invitation.tenantId, userId: actor.userId, role: invitation.role });
      tx.assign(invitation, { acceptedAt: new Date() });
    });
    await this.#events.emit('member.added', { tenantId: invitation.tenantId, userId: actor.userId, role: invitation.role });
    return { tenantId: invitation.tenantId, role: invitation.role };
  }
}
