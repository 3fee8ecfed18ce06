import type { EntityManager } from '@mikro-orm/postgresql';
import { Type } from 'typebox';
import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { courseRecords } from '../courses/course-records.ts';
import { MANAGER_ROLES } from '../identity/roles.ts';
import type { AssignmentsService } from './assignments.service.ts';
import type { GradebookRow } from './gradebook.ts';
import { gradebookCsv } from './gradebook-csv.ts';
import type { CourseAssignment } from './group.entity.ts';
import {
  AssignmentBody,
  AssignmentView,
  CourseGradebookQuery,
  CourseLearnerParams,
  csvResponse,
  GradebookView,
  GroupCourseParams,
  GroupParams,
  MyAssignmentView,
} from './groups.schemas.ts';
import type { GroupsService } from './groups.service.ts';

const iso = (value: Date | null | undefined) => value?.toISOString() ?? null;

/** A course's gradebook narrowed to the learners of one group, when asked. */
const inGroup = (rows: GradebookRow[], groupId: string | undefined) =>
  groupId === undefined ? rows : rows.filter((row) => row.groups.some((g) => g.id === groupId));

const rowView = (row: GradebookRow) => ({
  userId: row.userId,
  email: row.email,
  courseId: row.courseId,
  courseTitle: row.courseTitle,
  groups: row.groups,
  dueAt: iso(row.dueAt),
  status: row.status,
  overdue: row.overdue,
  completedLessons: row.completedLessons,
  totalLessons: row.totalLessons,
  completedAt: iso(row.completedAt),
  lastActivityAt: iso(row.lastActivityAt),
  timeSpentSeconds: row.timeSpentSeconds,
  attempts: row.attempts.map((a) => ({ ...a, at: a.at.toISOString() })),
});

/** Course assignments with due dates, withdrawals, gradebooks (owners and admins) and the learner's own to-do list. */
export async function assignmentsRoutes(app: TypedApp, options: { groups: GroupsService; assignments: AssignmentsService }): Promise<void> {
  const { groups, assignments } = options;
  const manage = requireAuth(...MANAGER_ROLES);
  const tags = ['groups'];

  const assignmentViews = async (em: EntityManager, list: CourseAssignment[]) => {
    const group = list[0] === undefined ? null : await groups.get(em, list[0].groupId);
    const courses = await courseRecords.courses(em, { id: { $in: list.map((a) => a.courseId) } });
    return list.map((a) => ({
      groupId: a.groupId,
      courseId: a.courseId,
      courseTitle: courses.find((c) => c.id === a.courseId)?.title ?? '',
      dueAt: iso(a.dueAt),
      effectiveDueAt: iso(a.dueAt ?? group?.dueAt ?? null),
      assignedAt: a.assignedAt.toISOString(),
    }));
  };
  const csvDownload = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.csv"`;

  app.get(
    '/v1/groups/:id/courses',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Courses assigned to a group',
        params: GroupParams,
        response: { 200: Type.Object({ items: Type.Array(AssignmentView) }), ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      await groups.get(request.em, request.params.id);
      return { items: await assignmentViews(request.em, await assignments.list(request.em, request.params.id)) };
    },
  );

  app.put(
    '/v1/groups/:id/courses/:courseId',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "Assign a published course to a group with a due date (or change it); the group's learners are enrolled",
        params: GroupCourseParams,
        body: AssignmentBody,
        response: { 200: AssignmentView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id, courseId } = request.params;
      const dueAt = request.body.dueAt === null ? null : new Date(request.body.dueAt);
      const [view] = await assignmentViews(request.em, [await assignments.assign(request.em, authOf(request), id, courseId, dueAt)]);
      return view;
    },
  );

  app.delete(
    '/v1/groups/:id/courses/:courseId',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Unassign a course (enrolments and progress stay)',
        params: GroupCourseParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await assignments.unassign(request.em, request.params.id, request.params.courseId);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/v1/courses/:id/withdrawals/:userId',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Withdraw a learner from a course: no longer due for them through any group; progress stays on record',
        params: CourseLearnerParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await assignments.withdraw(request.em, authOf(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/v1/courses/:id/withdrawals/:userId',
    {
      preHandler: manage,
      schema: { tags, summary: 'Undo a withdrawal', params: CourseLearnerParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
    },
    async (request, reply) => {
      await assignments.reinstate(request.em, authOf(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  const gradebookSummary = 'per learner and course: status, due date, lessons completed, every quiz attempt';
  app.get(
    '/v1/groups/:id/gradebook',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: `Gradebook of a group, ${gradebookSummary}`,
        params: GroupParams,
        response: { 200: GradebookView, ...problems(401, 403, 404) },
      },
    },
    async (request) => ({ items: (await assignments.groupGradebook(request.em, request.params.id)).map(rowView) }),
  );

  app.get(
    '/v1/groups/:id/gradebook.csv',
    {
      preHandler: manage,
      schema: { tags, summary: 'Gradebook of a group as CSV', params: GroupParams, response: { 200: csvResponse, ...problems(401, 403, 404) } },
    },
    async (request, reply) => {
      const group = await groups.get(request.em, request.params.id);
      const csv = gradebookCsv(await assignments.groupGradebook(request.em, group.id));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', csvDownload(`gradebook-${group.name}`))
        .send(csv);
    },
  );

  app.get(
    '/v1/courses/:id/gradebook',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: `Gradebook of a course (assigned and self-enrolled learners), ${gradebookSummary}`,
        params: GroupParams,
        querystring: CourseGradebookQuery,
        response: { 200: GradebookView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: inGroup(await assignments.courseGradebook(request.em, authOf(request), request.params.id), request.query.groupId).map(rowView),
    }),
  );

  app.get(
    '/v1/courses/:id/gradebook.csv',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Gradebook of a course as CSV',
        params: GroupParams,
        querystring: CourseGradebookQuery,
        response: { 200: csvResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const csv = gradebookCsv(inGroup(await assignments.courseGradebook(request.em, authOf(request), request.params.id), request.query.groupId));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', csvDownload(`gradebook-${request.params.id}`))
        .send(csv);
    },
  );

  app.get(
    '/v1/me/assignments',
    {
      preHandler: requireAuth(),
      schema: {
        tags,
        summary: 'Courses assigned to you through your groups, soonest due first, with what is overdue',
        response: { 200: Type.Object({ items: Type.Array(MyAssignmentView) }), ...problems(401) },
      },
    },
    async (request) => ({
      items: (await assignments.mine(request.em, authOf(request))).flatMap((row) =>
        row.status === 'withdrawn' || row.status === 'invited'
          ? []
          : [
              {
                courseId: row.courseId,
                courseTitle: row.courseTitle,
                courseAvailable: row.courseAvailable,
                groups: row.groups,
                startsAt: iso(row.startsAt),
                dueAt: iso(row.dueAt),
                status: row.status,
                overdue: row.overdue,
                enrolmentId: row.enrolmentId,
                completedLessons: row.completedLessons,
                totalLessons: row.totalLessons,
              },
            ],
      ),
    }),
  );
}
