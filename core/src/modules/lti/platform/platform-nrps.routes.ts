import { IdParams, problems } from '../../../http/common.schemas.ts';
import type { TypedApp } from '../../../http/typed-app.ts';
import { NRPS_SCOPE } from '../lti-claims.ts';
import type { LtiServices } from '../lti-services.ts';
import { MembershipContainerView, MembershipsQuery } from './platform.schemas.ts';

const MEMBERSHIPS_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

/** Names and Role Provisioning Services 2.0: the tool reads a course's members with a bearer token from the token endpoint. */
export async function platformNrpsRoutes(app: TypedApp, services: LtiServices): Promise<void> {
  const { platform } = services.lti;
  app.get(
    '/lti/platform/contexts/:id/memberships',
    {
      schema: {
        tags: ['lti'],
        summary: 'A course\'s members for the tool (NRPS 2.0 membership container); pages with `Link: rel="next"`',
        params: IdParams,
        querystring: MembershipsQuery,
        response: { 200: MembershipContainerView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { toolId } = await platform.tokens.authorise(request.em, request.headers.authorization, [NRPS_SCOPE]);
      const { container, next } = await platform.memberships.page(request.em, toolId, request.params.id, request.query);
      if (next !== null) reply.header('link', `<${next}>; rel="next"`);
      return reply.type(MEMBERSHIPS_TYPE).send(container);
    },
  );
}
