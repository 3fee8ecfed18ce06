import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import { courseStatus } from './course-status.ts';
import { courseView } from './courses.routes.ts';
import { CourseView, DuplicateCourseBody } from './courses.schemas.ts';
import type { CoursesService } from './courses.service.ts';

/** Archive, restore from the archive, duplicate, save as a template and start from one (authors of the organisation only). */
export async function courseLifecycleRoutes(app: TypedApp, options: { courses: CoursesService }): Promise<void> {
  const { courses } = options;
  const tags = ['courses'];
  const author = requireAuth(...AUTHOR_ROLES);

  app.post(
    '/v1/courses/:id/archive',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Archive: out of the course list and the catalogue (unpublished); enrolments, progress and certificates are kept',
        params: IdParams,
        response: { 200: CourseView, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const course = await courses.archive(request.em, request.params.id);
      return courseView(course, await courseStatus(request.em, course));
    },
  );

  app.post(
    '/v1/courses/:id/unarchive',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Back in the course list, unpublished; publish it again to return it to learners',
        params: IdParams,
        response: { 200: CourseView, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const course = await courses.unarchive(request.em, request.params.id);
      return courseView(course, await courseStatus(request.em, course));
    },
  );

  app.post(
    '/v1/courses/:id/duplicate',
    {
      preHandler: author,
      schema: {
        tags,
        summary:
          'A new draft with the outline, lessons (current content) and sources of this course or template, or (kind: template) a template of it; all or nothing',
        params: IdParams,
        body: DuplicateCourseBody,
        response: { 201: CourseView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const copy = await courses.duplicate(request.em, authOf(request), request.params.id, {
        kind: request.body.kind ?? 'course',
        title: request.body.title,
      });
      return reply.status(201).send(courseView(copy, await courseStatus(request.em, copy)));
    },
  );
}
