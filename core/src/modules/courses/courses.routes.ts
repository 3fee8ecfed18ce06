import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import { sendSerialised, serialisedBytes } from '../../http/serialised-reply.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { authorised, canReadCourseDrafts } from '../identity/access-policy.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import type { Course } from './course.entity.ts';
import { courseSummaries } from './course-list.ts';
import { courseListKey } from './course-list-cache.ts';
import { type CourseStatus, courseStatus } from './course-status.ts';
import { CourseListQuery, CourseListView, CourseView, CreateCourseBody, UpdateCourseBody } from './courses.schemas.ts';
import type { CoursesService } from './courses.service.ts';

export const courseView = (course: Course, status: CourseStatus) => ({
  id: course.id,
  title: course.title,
  desiredOutcome: course.desiredOutcome,
  language: course.language,
  status,
  kind: course.kind,
  archivedAt: course.archivedAt?.toISOString() ?? null,
  smeIds: course.smeIds,
  audienceIds: course.audienceIds,
  passMark: course.passMark,
  tags: course.tags,
  createdAt: course.createdAt.toISOString(),
  updatedAt: course.updatedAt.toISOString(),
});

export async function coursesRoutes(app: TypedApp, options: { courses: CoursesService }): Promise<void> {
  const { courses } = options;
  const tags = ['courses'];
  const author = requireAuth(...AUTHOR_ROLES);

  app.get(
    '/v1/courses',
    {
      preHandler: author,
      schema: {
        tags,
        summary: "A page of the organisation's courses (or templates, or archived courses), newest first, optionally searched",
        querystring: CourseListQuery,
        response: { 200: CourseListView, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { tenantId } = authOf(request);
      const { query } = request;
      const cache = courses.listCache;
      // A search reads the lessons' text too, and its pages are rarely asked for twice: not cached.
      if (cache === undefined || query.q !== undefined) return courseSummaries(request.em, tenantId, query);
      // The page is kept as the bytes the route's serializer (fast-json-stringify) made of it.
      const body = await cache.page(tenantId, courseListKey(query), async () =>
        serialisedBytes(reply, await courseSummaries(request.em, tenantId, query)),
      );
      return sendSerialised(reply, body);
    },
  );

  app.post(
    '/v1/courses',
    {
      preHandler: author,
      schema: { tags, summary: 'Create a draft course', body: CreateCourseBody, response: { 201: CourseView, ...problems(400, 401, 403) } },
    },
    async (request, reply) => {
      const course = await courses.create(request.em, authOf(request), request.body);
      return reply.status(201).send(courseView(course, course.status));
    },
  );

  app.get(
    '/v1/courses/:id',
    {
      preHandler: requireAuth(),
      schema: { tags, summary: 'One course', params: IdParams, response: { 200: CourseView, ...problems(401, 403, 404) } },
    },
    async (request) => {
      // The same rule as a websocket subscription to this course.
      const course = authorised(
        canReadCourseDrafts,
        authOf(request),
        await courses.find(request.em, request.params.id),
        'MIRAI_ERR_COURSE_NOT_FOUND',
      );
      return courseView(course, await courseStatus(request.em, course));
    },
  );

  app.patch(
    '/v1/courses/:id',
    {
      preHandler: author,
      schema: {
        tags,
        summary: "Change a course's details",
        params: IdParams,
        body: UpdateCourseBody,
        response: { 200: CourseView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const course = await courses.update(request.em, request.params.id, request.body);
      return courseView(course, await courseStatus(request.em, course));
    },
  );

  app.delete(
    '/v1/courses/:id',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Delete a course with its outline, lessons and versions; refused (409) while learners are enrolled: archive it instead',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await courses.remove(request.em, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
