import { Type } from 'typebox';
import { problems } from '../../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../../http/request-scope.ts';
import type { TypedApp } from '../../../http/typed-app.ts';
import { Email, Password } from '../identity.schemas.ts';
import type { SignInThrottle } from '../throttle/sign-in-throttle.ts';
import type { EmailChangeService } from './email-change.service.ts';
import type { PasswordChangeService } from './password-change.service.ts';
import type { PasswordResetService } from './password-reset.service.ts';

const Token = Type.String({ minLength: 16, maxLength: 200 });

export interface RecoveryRoutesOptions {
  resets: PasswordResetService;
  changes: PasswordChangeService;
  emailChanges: EmailChangeService;
  throttle: SignInThrottle;
}

/** Password reset and change, and change of e-mail (password accounts); docs/people.md. */
export async function recoveryRoutes(app: TypedApp, options: RecoveryRoutesOptions): Promise<void> {
  const perClient = async (request: { ip: string }) => options.throttle.admitClient(request.ip);
  const tags = ['auth'];

  app.post(
    '/v1/auth/password-reset',
    {
      preHandler: perClient,
      schema: {
        tags,
        summary: 'Mail a password-reset link to an address; the answer is the same whether or not an account uses it',
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 202: Type.Null(), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await options.resets.request(request.em, request.body.email);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/v1/auth/password-reset/complete',
    {
      preHandler: perClient,
      schema: {
        tags,
        summary: 'Set a new password with the token of a reset link (single use); ends every session of the account',
        body: Type.Object({ token: Token, password: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await options.resets.complete(request.em, request.body.token, request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/password',
    {
      preHandler: [requireAuth(), perClient],
      schema: {
        tags,
        summary:
          'Change the signed-in user’s password; needs the current one (a wrong one counts as a failed sign-in) and ends the other sessions unless endOtherSessions is false',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
            newPassword: Password,
            endOtherSessions: Type.Optional(Type.Boolean({ default: true })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ otherSessionsEnded: Type.Integer({ minimum: 0 }) }), ...problems(400, 401, 403, 429) },
      },
    },
    async (request) =>
      options.changes.change(request.em, authOf(request), {
        currentPassword: request.body.currentPassword,
        newPassword: request.body.newPassword,
        endOtherSessions: request.body.endOtherSessions ?? true,
      }),
  );

  app.post(
    '/v1/auth/email-change',
    {
      preHandler: [requireAuth(), perClient],
      schema: {
        tags,
        summary: 'Ask to change the signed-in user’s address: a link goes to the new address, a notice to the current one',
        body: Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 202: Type.Null(), ...problems(400, 401, 409, 429) },
      },
    },
    async (request, reply) => {
      await options.emailChanges.request(request.em, authOf(request), request.body.email, request.body.password);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/v1/auth/email-change/confirm',
    {
      preHandler: perClient,
      schema: {
        tags,
        summary: 'Confirm a change of address with the token mailed to the new address (single use)',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: Type.Object({ email: Type.String() }), ...problems(400, 409, 429) },
      },
    },
    async (request) => options.emailChanges.confirm(request.em, request.body.token),
  );
}
