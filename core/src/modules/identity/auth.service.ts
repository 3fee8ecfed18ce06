import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type AuthIdentity, isPluginError, type PasswordAuthProvider } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { PluginEventBus } from '../../plugin-host/plugin-event-bus.ts';
import { type Invitation, InvitationSchema } from './invitation.entity.ts';
import { MembershipSchema } from './membership.entity.ts';
import type { Role } from './roles.ts';
import type { SessionService } from './session.service.ts';
import { tenantSlug } from './slug.ts';
import { type Tenant, TenantSchema } from './tenant.entity.ts';
import type { SignInThrottle } from './throttle/sign-in-throttle.ts';
import { hashToken } from './tokens.ts';
import { type User, UserSchema } from './user.entity.ts';
import type { EmailVerificationService } from './verification/email-verification.service.ts';

export interface InvitationOffer {
  organisation: string;
  email: string;
  role: Role;
  expiresAt: Date;
}

export interface IssuedSession {
  user: User;
  tenant: Tenant;
  role: Role;
  token: string;
  expiresAt: Date;
}

export interface SignupInput {
  email: string;
  password: string;
  tenantName?: string | undefined;
  invitationToken?: string | undefined;
}

const NO_TENANT_FILTER = { filters: { tenant: false } } as const;

/**
 * Sign-up and sign-in over a password provider. Credentials live in the plugin; users,
 * memberships and sessions live in core. Sign-up is two steps with a compensation: the
 * credential is deleted again when the core transaction fails.
 */
export class AuthService {
  readonly #providerName: string;
  readonly #provider: PasswordAuthProvider | null;
  readonly #sessions: SessionService;
  readonly #events: PluginEventBus;
  readonly #throttle: SignInThrottle;
  readonly #verification: EmailVerificationService;
  readonly #afterCommit: () => void;

  constructor(options: {
    providerName: string;
    provider: PasswordAuthProvider | null;
    sessions: SessionService;
    events: PluginEventBus;
    throttle: SignInThrottle;
    verification: EmailVerificationService;
    /** Dispatches jobs committed by sign-up (the verification mail) without waiting for the relay's poll. */
    afterCommit: () => void;
  }) {
    this.#providerName = options.providerName;
    this.#provider = options.provider;
    this.#sessions = options.sessions;
    this.#events = options.events;
    this.#throttle = options.throttle;
    this.#verification = options.verification;
    this.#afterCommit = options.afterCommit;
  }

  #passwordProvider(): PasswordAuthProvider {
    if (this.#provider === null)
      throw new MiraiError(
        'MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED',
        `The identity provider "${this.#providerName}" does not sign users in with a password here; use its own sign-in pages (selfService in GET /v1/auth/provider)`,
      );
    return this.#provider;
  }

  async #openInvitation(em: EntityManager, token: string, email: string): Promise<Invitation> {
    const invitation = await em.findOne(InvitationSchema, { tokenHash: hashToken(token) }, NO_TENANT_FILTER);
    if (invitation === null || invitation.acceptedAt !== null || invitation.expiresAt <= new Date() || invitation.email !== email)
      throw new MiraiError('MIRAI_ERR_INVITATION_INVALID', 'The invitation does not exist, was already used, expired, or was sent to another email');
    return invitation;
  }

  /**
   * What an open invitation offers, for the page its link opens: the organisation, the address it
   * was sent to and the role. Only the token's holder learns this, and the token is their key anyway.
   */
  async describeInvitation(em: EntityManager, token: string): Promise<InvitationOffer> {
    const invitation = await em.findOne(InvitationSchema, { tokenHash: hashToken(token) }, NO_TENANT_FILTER);
    if (invitation === null || invitation.acceptedAt !== null || invitation.expiresAt <= new Date())
      throw new MiraiError('MIRAI_ERR_INVITATION_INVALID', 'The invitation does not exist, was already used or expired');
    const tenant = await em.findOneOrFail(TenantSchema, { id: invitation.tenantId });
    return { organisation: tenant.name, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt };
  }

  async signup(em: EntityManager, input: SignupInput): Promise<IssuedSession> {
    const provider = this.#passwordProvider();
    const email = input.email.trim().toLowerCase();
    if ((input.tenantName === undefined) === (input.invitationToken === undefined))
      throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', '/body/tenantName: give an organisation name, or an invitation token, but not both', {
        fieldErrors: [{ field: '/body/tenantName', message: 'give either tenantName or invitationToken' }],
      });
    if ((await em.count(UserSchema, { email })) > 0) throw new MiraiError('MIRAI_ERR_AUTH_EMAIL_TAKEN');
    const invitation = input.invitationToken === undefined ? null : await this.#openInvitation(em, input.invitationToken, email);

    let identity: AuthIdentity;
    try {
      identity = await provider.createCredential({ email, password: input.password });
    } catch (error) {
      if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_CONFLICT') throw new MiraiError('MIRAI_ERR_AUTH_EMAIL_TAKEN');
      if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_BAD_INPUT')
        throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `/body/password ${error.message}`, {
          fieldErrors: [{ field: '/body/password', message: error.message }],
        });
      throw error;
    }

    try {
      const issued = await em.transactional(async (tx) => {
        const tenant =
          invitation === null
            ? tx.create(TenantSchema, { id: randomUUID(), name: (input.tenantName ?? '').trim(), slug: tenantSlug(input.tenantName ?? '') })
            : await tx.findOneOrFail(TenantSchema, { id: invitation.tenantId });
        const user = tx.create(UserSchema, {
          id: randomUUID(),
          email,
          authProvider: this.#providerName,
          authSubject: identity.subject,
          // A mailed invitation's token reached only this address: using it proves the address.
          emailVerifiedAt: invitation?.delivery === 'mail' ? new Date() : null,
        });
        const role: Role = invitation?.role ?? 'owner';
        tx.create(MembershipSchema, { id: randomUUID(), tenantId: tenant.id, userId: user.id, role });
        if (invitation !== null) tx.assign(invitation, { acceptedAt: new Date() });
        const token = this.#sessions.issue(tx, user.id, tenant.id);
        // A shared link proves only that the inviter handed the token over, not the address.
        if (invitation?.delivery !== 'mail') await this.#verification.start(tx, user, tenant.id);
        return { user, tenant, role, ...token, created: invitation === null };
      });
      this.#afterCommit();
      if (issued.created) await this.#events.emit('tenant.created', { tenantId: issued.tenant.id, name: issued.tenant.name });
      await this.#events.emit('member.added', { tenantId: issued.tenant.id, userId: issued.user.id, role: issued.role });
      return issued;
    } catch (error) {
      await provider.deleteCredential(identity.subject);
      throw error;
    }
  }

  /** A new verification link for a signed-in, unverified user; nothing for a verified one. */
  async resendVerification(em: EntityManager, auth: { userId: string; email: string; tenantId: string }): Promise<void> {
    if (await this.#verification.isVerified(em, auth.userId)) return;
    await em.transactional((tx) => this.#verification.start(tx, { id: auth.userId, email: auth.email }, auth.tenantId));
    this.#afterCommit();
  }

  /** Throttled per account (progressive lockout); the route throttles per client address first. */
  async login(em: EntityManager, input: { email: string; password: string; tenantId?: string | undefined }): Promise<IssuedSession> {
    const provider = this.#passwordProvider();
    const email = input.email.trim().toLowerCase();
    // Unknown addresses are throttled like known ones, so a lock says nothing about who has an account.
    await this.#throttle.admitAccount(email);
    const identity = await provider.verifyCredential({ email, password: input.password });
    const user = identity === null ? null : await em.findOne(UserSchema, { authProvider: this.#providerName, authSubject: identity.subject });
    if (user === null) throw new MiraiError('MIRAI_ERR_AUTH_INVALID_CREDENTIALS');
    await this.#throttle.succeeded(email);
    const memberships = await em.find(MembershipSchema, { userId: user.id }, { ...NO_TENANT_FILTER, orderBy: { createdAt: 'asc' } });
    const membership = input.tenantId === undefined ? memberships[0] : memberships.find((candidate) => candidate.tenantId === input.tenantId);
    if (membership === undefined) throw new MiraiError('MIRAI_ERR_AUTH_NOT_A_MEMBER');
    const tenant = await em.findOneOrFail(TenantSchema, { id: membership.tenantId });
    await this.#sessions.purgeExpired(em, user.id);
    const token = this.#sessions.issue(em, user.id, tenant.id);
    await em.flush();
    return { user, tenant, role: membership.role, ...token };
  }
}
