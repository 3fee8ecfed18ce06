import { Type } from 'typebox';
import { IdParams, problems } from '../../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../../http/request-scope.ts';
import type { TypedApp } from '../../../http/typed-app.ts';
import { AUTHOR_ROLES, MANAGER_ROLES } from '../../identity/roles.ts';
import type { LtiServices } from '../lti-services.ts';
import type { LtiTool } from './lti-tool.entity.ts';
import { LessonBlockParams, LessonParams, ToolBody, ToolLaunchBody, ToolLaunchView, ToolView } from './platform.schemas.ts';

/** Organisation admins register external tools; learners launch them from lessons, authors deep link. */
export async function platformAdminRoutes(app: TypedApp, services: LtiServices): Promise<void> {
  const { platform } = services.lti;
  const tags = ['lti'];
  const view = (tool: LtiTool) => ({
    id: tool.id,
    name: tool.name,
    clientId: tool.clientId,
    deploymentId: tool.deploymentId,
    loginUrl: tool.loginUrl,
    launchUrl: tool.launchUrl,
    jwksUrl: tool.jwksUrl,
    deepLinkingUrl: tool.deepLinkingUrl ?? null,
    createdAt: tool.createdAt.toISOString(),
    platform: {
      issuer: platform.urls.issuer,
      authorizationUrl: platform.urls.authorizeUrl,
      tokenUrl: platform.urls.tokenUrl,
      jwksUrl: platform.urls.jwksUrlOf(tool.tenantId),
    },
  });

  app.post(
    '/v1/lti/tools',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: 'Register an external LTI 1.3 tool; Mirai issues its client id and deployment id and names its own platform URLs',
        body: ToolBody,
        response: { 201: ToolView, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const tool = await platform.tools.register(request.em, authOf(request), request.body);
      // The key exists before the tool first fetches the JWKS.
      await services.lti.keys.keyFor(request.em, tool.tenantId);
      return reply.status(201).send(view(tool));
    },
  );

  app.get(
    '/v1/lti/tools',
    {
      preHandler: requireAuth(...AUTHOR_ROLES),
      schema: { tags, summary: "The organisation's external LTI tools", response: { 200: Type.Array(ToolView), ...problems(401, 403) } },
    },
    async (request) => (await platform.tools.list(request.em)).map(view),
  );

  app.delete(
    '/v1/lti/tools/:id',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: 'Remove an external tool: its launches and tokens stop at once',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await platform.tools.remove(request.em, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/enrolments/:id/lessons/:lessonId/lti-launches',
    {
      preHandler: requireAuth(),
      schema: {
        tags,
        summary: "Launch a lesson's external-tool block: the tool's login initiation URL for this learner (single use, five minutes)",
        params: LessonBlockParams,
        body: ToolLaunchBody,
        response: { 201: ToolLaunchView, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const launch = await platform.launches.learnerLaunch(request.em, authOf(request), {
        enrolmentId: request.params.id,
        lessonId: request.params.lessonId,
        ...request.body,
      });
      return reply.status(201).send(launch);
    },
  );

  app.post(
    '/v1/lessons/:lessonId/lti-deep-links',
    {
      preHandler: requireAuth(...AUTHOR_ROLES),
      schema: {
        tags,
        summary: "Pick content for an external-tool block of a draft lesson: the tool's login initiation URL for a deep-linking request",
        params: LessonParams,
        body: ToolLaunchBody,
        response: { 201: ToolLaunchView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const launch = await platform.launches.deepLinking(request.em, authOf(request), { lessonId: request.params.lessonId, ...request.body });
      return reply.status(201).send(launch);
    },
  );
}
