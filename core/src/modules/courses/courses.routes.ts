import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { authorised, canReadCourseDrafts } from '../identity/access-policy.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import type { Course } from './course.entity.ts';
import { type CourseStatus, courseStatus, courseSummaries } from './course-status.ts';
import { CourseView, CreateCourseBody, UpdateCourseBody } from './courses.schemas.ts';
import type { CoursesService } from './courses.service.ts';

const view = (course: Course, status: CourseStatus) => ({
  id: course.id,
  title: course.title,
  desiredOutcome: course.desiredOutcome,
  language: course.language,
  status,
  smeIds: course.smeIds,
  audienceIds: course.audienceIds,
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
        summary: "The organisation's courses, newest first",
        response: { 200: Type.Object({ items: Type.Array(CourseView) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await courseSummaries(request.em, authOf(request).tenantId) }),
  );

  app.post(
    '/v1/courses',
    {
      preHandler: author,
      schema: { tags, summary: 'Create a draft course', body: CreateCourseBody, response: { 201: CourseView, ...problems(400, 401, 403) } },
    },
    async (request, reply) => {
      const course = await courses.create(request.em, authOf(request), request.body);
      return reply.status(201).send(view(course, course.status));
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
      return view(course, await courseStatus(request.em, course));
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
      return view(course, await courseStatus(request.em, course));
    },
  );

  app.delete(
    '/v1/courses/:id',
    {
      preHandler: author,
      schema: { tags, summary: 'Delete a course', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
    },
    async (request, reply) => {
      await courses.remove(request.em, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
