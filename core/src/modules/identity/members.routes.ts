import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { InvitationBody, InvitationView, MemberRoleBody, MemberView, RoleSchema } from './identity.schemas.ts';
import type { MemberRecord, MembersService } from './members.service.ts';
import { MANAGER_ROLES } from './roles.ts';

const manage = requireAuth(...MANAGER_ROLES);
const memberView = (m: MemberRecord) => ({ ...m, createdAt: m.createdAt.toISOString() });
const invitationView = (i: {
  id: string;
  email: string;
  role: MemberRecord['role'];
  expiresAt: Date;
  delivery: 'mail' | 'link';
  token?: string;
}) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  expiresAt: i.expiresAt.toISOString(),
  delivery: i.delivery,
  ...(i.token === undefined ? {} : { token: i.token }),
});

export async function membersRoutes(app: TypedApp, options: { members: MembersService }): Promise<void> {
  const { members } = options;
  const tags = ['members'];

  app.get(
    '/v1/members',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Members of the organisation',
        response: { 200: Type.Object({ items: Type.Array(MemberView) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: (await members.list(request.em)).map(memberView) }),
  );

  app.patch(
    '/v1/members/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "Change a member's role",
        params: IdParams,
        body: MemberRoleBody,
        response: { 200: Type.Object({ id: Type.String(), role: RoleSchema }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const membership = await members.changeRole(request.em, authOf(request), request.params.id, request.body.role);
      return { id: membership.id, role: membership.role };
    },
  );

  app.delete(
    '/v1/members/:id',
    {
      preHandler: manage,
      schema: { tags, summary: 'Remove a member', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404, 409) } },
    },
    async (request, reply) => {
      await members.remove(request.em, authOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/invitations',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Invite someone by email with a role; mailed to them unless `delivery: link`',
        body: InvitationBody,
        response: { 201: InvitationView, ...problems(400, 401, 402, 403, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          invitationView(await members.invite(request.em, authOf(request), request.body.email, request.body.role, request.body.delivery ?? 'mail')),
        ),
  );

  app.get(
    '/v1/invitations',
    {
      preHandler: manage,
      schema: { tags, summary: 'Pending invitations', response: { 200: Type.Object({ items: Type.Array(InvitationView) }), ...problems(401, 403) } },
    },
    async (request) => ({ items: (await members.pendingInvitations(request.em)).map(invitationView) }),
  );

  app.delete(
    '/v1/invitations/:id',
    {
      preHandler: manage,
      schema: { tags, summary: 'Revoke a pending invitation', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
    },
    async (request, reply) => {
      await members.revokeInvitation(request.em, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/invitations/accept',
    {
      preHandler: requireAuth(),
      schema: {
        tags,
        summary: 'Join the inviting organisation as the signed-in user',
        body: Type.Object({ token: Type.String({ minLength: 16, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ tenantId: Type.String(), role: RoleSchema }), ...problems(401, 402, 404, 409) },
      },
    },
    async (request) => members.accept(request.em, authOf(request), request.body.token),
  );
}
