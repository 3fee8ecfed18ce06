import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import { RosterContextView, RosterSyncView } from './lti.schemas.ts';
import { listContexts, type RosterContext } from './lti-roster-contexts.ts';
import type { LtiServices } from './lti-services.ts';

const view = (context: RosterContext) => ({
  id: context.id,
  platformId: context.platformId,
  platformName: context.platformName,
  contextId: context.contextId,
  title: context.title,
  courseId: context.courseId,
  membershipsUrl: context.membershipsUrl,
  lastSyncedAt: context.lastSyncedAt?.toISOString() ?? null,
});

/** Authors and admins sync the roster of a platform context that launched one of the organisation's courses (NRPS 2.0). */
export async function ltiRosterRoutes(app: TypedApp, services: LtiServices): Promise<void> {
  const { lti } = services;
  const tags = ['lti'];

  app.get(
    '/v1/lti/contexts',
    {
      preHandler: requireAuth(...AUTHOR_ROLES),
      schema: {
        tags,
        summary: 'Platform contexts whose launches opened a course and offered a membership service (NRPS)',
        response: { 200: Type.Array(RosterContextView), ...problems(401, 403) },
      },
    },
    async (request) => (await listContexts(request.em, authOf(request).tenantId)).map(view),
  );

  app.post(
    '/v1/lti/contexts/:id/roster-syncs',
    {
      preHandler: requireAuth(...AUTHOR_ROLES),
      schema: {
        tags,
        summary: "Sync the context's roster from the platform: members join the organisation, learners are enrolled in the course",
        params: IdParams,
        response: { 200: RosterSyncView, ...problems(401, 402, 403, 404, 409, 502) },
      },
    },
    async (request) => lti.roster.sync(request.em, authOf(request).tenantId, request.params.id),
  );
}
