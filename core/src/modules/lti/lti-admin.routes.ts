import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MANAGER_ROLES } from '../identity/roles.ts';
import type { LtiPlatform } from './lti.entity.ts';
import { HandoffBody, HandoffView, PlatformBody, PlatformView } from './lti.schemas.ts';
import { redeemHandoff } from './lti-provisioning.ts';
import type { LtiServices } from './lti-services.ts';

/** Organisation admins register the LTI platforms that may launch Mirai; the app redeems launch hand-offs. */
export async function ltiAdminRoutes(app: TypedApp, services: LtiServices): Promise<void> {
  const { lti } = services;
  const tags = ['lti'];
  const view = (platform: LtiPlatform) => ({
    id: platform.id,
    name: platform.name,
    issuer: platform.issuer,
    clientId: platform.clientId,
    deploymentIds: platform.deploymentIds,
    authLoginUrl: platform.authLoginUrl,
    jwksUrl: platform.jwksUrl,
    tokenUrl: platform.tokenUrl,
    createdAt: platform.createdAt.toISOString(),
    tool: { loginUrl: lti.urls.loginUrl, launchUrl: lti.urls.launchUrl, jwksUrl: lti.urls.jwksUrlOf(platform.tenantId) },
  });

  app.post(
    '/v1/lti/platforms',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: 'Register an LTI 1.3 platform that may launch Mirai; the answer names the URLs to give it',
        body: PlatformBody,
        response: { 201: PlatformView, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const platform = await lti.platforms.register(request.em, authOf(request), request.body);
      // The key exists before the platform first fetches the JWKS.
      await lti.keys.keyFor(request.em, platform.tenantId);
      return reply.status(201).send(view(platform));
    },
  );

  app.get(
    '/v1/lti/platforms',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: { tags, summary: "The organisation's LTI platforms", response: { 200: Type.Array(PlatformView), ...problems(401, 403) } },
    },
    async (request) => (await lti.platforms.list(request.em)).map(view),
  );

  app.delete(
    '/v1/lti/platforms/:id',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: 'Remove a platform: its launches stop working at once',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await lti.platforms.remove(request.em, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/lti/handoffs',
    {
      schema: {
        tags,
        summary: "Redeem a launch's one-time code for a session (the app calls this)",
        body: HandoffBody,
        response: { 201: HandoffView, ...problems(400) },
      },
    },
    async (request, reply) => {
      const handoff = await redeemHandoff(request.em, request.body.code);
      if (handoff === null) throw new MiraiError('MIRAI_ERR_LTI_HANDOFF_INVALID');
      const issued = services.sessions.issue(request.em, handoff.userId, handoff.tenantId);
      await request.em.flush();
      return reply
        .status(201)
        .send({ token: issued.token, expiresAt: issued.expiresAt.toISOString(), organisationId: handoff.tenantId, path: handoff.path });
    },
  );
}
