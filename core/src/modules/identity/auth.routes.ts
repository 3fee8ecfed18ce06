import type { FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth, SESSION_COOKIE } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import type { AccessNoticePublisher } from '../../realtime/access-notice.ts';
import type { AuthService, IssuedSession } from './auth.service.ts';
import {
  AuthProviderView,
  InvitationOfferView,
  InvitationTokenBody,
  LoginBody,
  SessionView,
  SignupBody,
  VerifyEmailBody,
} from './identity.schemas.ts';
import type { SessionService } from './session.service.ts';
import type { SignInThrottle } from './throttle/sign-in-throttle.ts';
import type { EmailVerificationService } from './verification/email-verification.service.ts';

export interface AuthRoutesOptions {
  auth: AuthService;
  sessions: SessionService;
  secureCookies: boolean;
  /** Per client address here; per account inside AuthService.login. */
  throttle: SignInThrottle;
  /** Tells every API process a session ended, so its open websockets close. */
  access?: AccessNoticePublisher;
  verification: EmailVerificationService;
  /** The instance's identity provider, as the web app needs to know it. */
  provider: Static<typeof AuthProviderView>;
}

function sessionReply(reply: FastifyReply, issued: IssuedSession, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, issued.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: issued.expiresAt });
  return {
    user: { id: issued.user.id, email: issued.user.email, emailVerified: issued.user.emailVerifiedAt !== null },
    tenant: { id: issued.tenant.id, name: issued.tenant.name, slug: issued.tenant.slug },
    role: issued.role,
    token: issued.token,
    expiresAt: issued.expiresAt.toISOString(),
  };
}

export async function authRoutes(app: TypedApp, options: AuthRoutesOptions): Promise<void> {
  const perClient = async (request: { ip: string }) => options.throttle.admitClient(request.ip);

  app.post(
    '/v1/auth/signup',
    {
      preHandler: perClient,
      schema: {
        tags: ['auth'],
        summary: 'Create an account and an organisation, or join one by invitation',
        body: SignupBody,
        response: { 201: SessionView, ...problems(400, 404, 409, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(sessionReply(reply, await options.auth.signup(request.em, request.body), options.secureCookies)),
  );

  app.post(
    '/v1/auth/invitation',
    {
      preHandler: perClient,
      schema: {
        tags: ['auth'],
        summary: 'What an invitation offers (organisation, invited address, role), for the page its link opens; 404 when used or expired',
        body: InvitationTokenBody,
        response: { 200: InvitationOfferView, ...problems(400, 404, 429) },
      },
    },
    async (request) => {
      const offer = await options.auth.describeInvitation(request.em, request.body.token);
      return { ...offer, expiresAt: offer.expiresAt.toISOString() };
    },
  );

  app.post(
    '/v1/auth/login',
    {
      preHandler: perClient,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; failures lock the account progressively (429 MIRAI_ERR_AUTH_LOCKED with Retry-After)',
        body: LoginBody,
        response: { 200: SessionView, ...problems(400, 401, 403, 429) },
      },
    },
    async (request, reply) => sessionReply(reply, await options.auth.login(request.em, request.body), options.secureCookies),
  );

  app.post(
    '/v1/auth/verify-email',
    {
      preHandler: perClient,
      schema: {
        tags: ['auth'],
        summary: 'Confirm an e-mail address with the token of the link mailed at sign-up (single use)',
        body: VerifyEmailBody,
        response: { 204: Type.Null(), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await options.verification.verify(request.em, request.body.token);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/verify-email/resend',
    {
      preHandler: [requireAuth(), perClient],
      schema: {
        tags: ['auth'],
        summary: 'Mail a new verification link to the signed-in user (older links stop working); nothing when already verified',
        response: { 202: Type.Null(), ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      if (options.provider.kind === 'session')
        throw new MiraiError('MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED', `"${options.provider.name}" verifies addresses in its own flows`);
      await options.auth.resendVerification(request.em, authOf(request));
      return reply.status(202).send(null);
    },
  );

  app.get(
    '/v1/auth/provider',
    {
      schema: {
        tags: ['auth'],
        summary: 'How users sign in on this server: with a password here, or through the identity provider’s own pages',
        response: { 200: AuthProviderView },
      },
    },
    async () => options.provider,
  );

  app.post(
    '/v1/auth/logout',
    {
      preHandler: requireAuth(),
      schema: { tags: ['auth'], summary: 'End the current session', response: { 204: Type.Null(), ...problems(400, 401) } },
    },
    async (request, reply) => {
      if (options.provider.kind === 'session')
        throw new MiraiError(
          'MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED',
          `Sessions belong to "${options.provider.name}"; sign out through its logout flow (selfService.logout of GET /v1/auth/provider)`,
        );
      const { sessionId } = authOf(request);
      await options.sessions.revoke(request.em, sessionId);
      await options.access?.publish({ kind: 'session-ended', sessionId });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
