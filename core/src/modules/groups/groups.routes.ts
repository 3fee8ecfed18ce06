import type { EntityManager } from '@mikro-orm/postgresql';
import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MANAGER_ROLES } from '../identity/roles.ts';
import { CourseAssignmentSchema, type GroupMember, GroupMemberSchema, type LearnerGroup } from './group.entity.ts';
import {
  AddMembersBody,
  AddMembersView,
  GroupBody,
  GroupMemberParams,
  GroupMemberView,
  GroupParams,
  GroupPatchBody,
  GroupView,
  ImportBody,
  ImportReportView,
} from './groups.schemas.ts';
import type { GroupsService } from './groups.service.ts';
import { CsvError, learnerRows } from './learner-csv.ts';

const date = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));
const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;

async function groupViews(em: EntityManager, groups: LearnerGroup[]) {
  const ids = groups.map((g) => g.id);
  const [members, courses] = await Promise.all([
    em.find(GroupMemberSchema, { groupId: { $in: ids } }, { fields: ['groupId'] }),
    em.find(CourseAssignmentSchema, { groupId: { $in: ids } }, { fields: ['groupId'] }),
  ]);
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    startsAt: iso(g.startsAt),
    dueAt: iso(g.dueAt),
    memberCount: members.filter((m) => m.groupId === g.id).length,
    courseCount: courses.filter((c) => c.groupId === g.id).length,
    createdAt: g.createdAt.toISOString(),
  }));
}

const memberView = (m: GroupMember) => ({
  id: m.id,
  email: m.email,
  userId: m.userId ?? null,
  status: (m.userId ?? null) === null ? ('invited' as const) : ('member' as const),
  addedAt: m.addedAt.toISOString(),
});

/** Groups (cohorts) and their learners: owners and admins only. */
export async function groupsRoutes(app: TypedApp, options: { groups: GroupsService }): Promise<void> {
  const { groups } = options;
  const manage = requireAuth(...MANAGER_ROLES);
  const tags = ['groups'];
  const one = async (em: EntityManager, group: LearnerGroup) => {
    const [view] = await groupViews(em, [group]);
    if (view === undefined) throw new MiraiError('MIRAI_ERR_GROUP_NOT_FOUND');
    return view;
  };

  app.get(
    '/v1/groups',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Groups of learners, by name',
        response: { 200: Type.Object({ items: Type.Array(GroupView) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await groupViews(request.em, await groups.list(request.em)) }),
  );

  app.post(
    '/v1/groups',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Create a group with optional start and due dates',
        body: GroupBody,
        response: { 201: GroupView, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { name, startsAt, dueAt } = request.body;
      const group = await groups.create(request.em, authOf(request), { name, startsAt: date(startsAt) ?? null, dueAt: date(dueAt) ?? null });
      return reply.status(201).send(await one(request.em, group));
    },
  );

  app.get(
    '/v1/groups/:id',
    { preHandler: manage, schema: { tags, summary: 'One group', params: GroupParams, response: { 200: GroupView, ...problems(401, 403, 404) } } },
    async (request) => one(request.em, await groups.get(request.em, request.params.id)),
  );

  app.patch(
    '/v1/groups/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Rename a group or change its dates',
        params: GroupParams,
        body: GroupPatchBody,
        response: { 200: GroupView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { name, startsAt, dueAt } = request.body;
      const patch = {
        ...(name === undefined ? {} : { name }),
        ...(startsAt === undefined ? {} : { startsAt: date(startsAt) ?? null }),
        ...(dueAt === undefined ? {} : { dueAt: date(dueAt) ?? null }),
      };
      return one(request.em, await groups.update(request.em, request.params.id, patch));
    },
  );

  app.delete(
    '/v1/groups/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Delete a group (its learners keep their enrolments and progress)',
        params: GroupParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await groups.remove(request.em, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/groups/:id/members',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Learners of a group',
        params: GroupParams,
        response: { 200: Type.Object({ items: Type.Array(GroupMemberView) }), ...problems(401, 403, 404) },
      },
    },
    async (request) => ({ items: (await groups.members(request.em, request.params.id)).map(memberView) }),
  );

  app.post(
    '/v1/groups/:id/members',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Add learners by e-mail (one or a list); addresses without an account in the organisation are invited as learners by mail',
        params: GroupParams,
        body: AddMembersBody,
        response: { 200: AddMembersView, ...problems(400, 401, 402, 403, 404) },
      },
    },
    async (request) => {
      const outcomes = await groups.addMembers(request.em, authOf(request), request.params.id, request.body.emails);
      return { items: [...outcomes].map(([email, outcome]) => ({ email, outcome })) };
    },
  );

  app.post(
    '/v1/groups/:id/imports',
    {
      preHandler: manage,
      schema: {
        tags,
        summary:
          'Check a CSV of learners row by row (commit: false) or add its valid rows in one transaction (commit: true); bad rows are reported, never added',
        params: GroupParams,
        body: ImportBody,
        response: { 200: ImportReportView, ...problems(400, 401, 402, 403, 404) },
      },
    },
    async (request) => {
      const rows = (() => {
        try {
          return learnerRows(request.body.csv);
        } catch (error) {
          if (!(error instanceof CsvError)) throw error;
          throw new MiraiError('MIRAI_ERR_LEARNER_IMPORT_INVALID', error.message, { fieldErrors: [{ field: '/body/csv', message: error.message }] });
        }
      })();
      await groups.get(request.em, request.params.id);
      const valid = rows.flatMap((row) => ('email' in row ? [row] : []));
      const rejected = rows.flatMap((row) => ('reason' in row ? [row] : []));
      const outcomes =
        request.body.commit && valid.length > 0
          ? await groups.addMembers(
              request.em,
              authOf(request),
              request.params.id,
              valid.map((row) => row.email),
            )
          : null;
      return {
        committed: outcomes !== null,
        valid: valid.map(({ row, email }) => ({ row, email, outcome: outcomes?.get(email) ?? null })),
        rejected,
      };
    },
  );

  app.delete(
    '/v1/groups/:id/members/:memberId',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Withdraw a learner from a group: its courses are no longer due for them; enrolments and progress stay',
        params: GroupMemberParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await groups.removeMember(request.em, request.params.id, request.params.memberId);
      return reply.status(204).send(null);
    },
  );
}
