import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MANAGER_ROLES } from '../identity/roles.ts';
import { CredentialBody, CredentialView, IssuedCredentialView } from './xapi.schemas.ts';
import type { XapiCredentialsService } from './xapi-credentials.service.ts';
import type { XapiCredential } from './xapi-records.entity.ts';

const view = (credential: XapiCredential) => ({
  id: credential.id,
  name: credential.name,
  key: credential.key,
  createdAt: credential.createdAt.toISOString(),
  revokedAt: credential.revokedAt?.toISOString() ?? null,
});

/** Organisation admins issue and revoke the Basic credentials xAPI clients use against /xapi. */
export async function xapiCredentialRoutes(app: TypedApp, options: { credentials: XapiCredentialsService; publicUrl: string }): Promise<void> {
  const { credentials } = options;
  const tags = ['xapi'];

  app.post(
    '/v1/xapi-credentials',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: "Issue Basic credentials for the organisation's LRS; the secret is shown only in this answer",
        body: CredentialBody,
        response: { 201: IssuedCredentialView, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { credential, secret } = await credentials.issue(request.em, authOf(request), request.body.name);
      return reply.status(201).send({ ...view(credential), secret, endpoint: `${options.publicUrl}/xapi/` });
    },
  );

  app.get(
    '/v1/xapi-credentials',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: "The organisation's xAPI credentials, revoked ones included",
        response: { 200: Type.Array(CredentialView), ...problems(401, 403) },
      },
    },
    async (request) => (await credentials.list(request.em)).map(view),
  );

  app.delete(
    '/v1/xapi-credentials/:id',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: 'Revoke a credential: it stops working at once',
        params: IdParams,
        response: { 200: CredentialView, ...problems(401, 403, 404) },
      },
    },
    async (request) => view(await credentials.revoke(request.em, request.params.id)),
  );
}
