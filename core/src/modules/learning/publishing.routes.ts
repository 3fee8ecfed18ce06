import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { identityRecords } from '../identity/identity-records.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import type { EnrolmentsService } from './enrolments.service.ts';
import { CourseLearnersView, PublicationView } from './learning.schemas.ts';
import { enrolmentView } from './learning.views.ts';
import type { CoursePublication } from './publication.entity.ts';
import type { PublishingService } from './publishing.service.ts';

const publicationView = (
  publication: CoursePublication,
  published: boolean,
  changes: { changedLessons: number; outlineChanged: boolean } = { changedLessons: 0, outlineChanged: false },
) => ({
  courseId: publication.courseId,
  number: publication.number,
  publishedAt: publication.publishedAt.toISOString(),
  lessonCount: publication.outline.modules.reduce((sum, module) => sum + module.lessons.length, 0),
  status: published ? ('published' as const) : ('unpublished' as const),
  ...changes,
});

/** Author-side learning routes: publish, unpublish, and who is taking a course how far. */
export async function publishingRoutes(app: TypedApp, options: { publishing: PublishingService; enrolments: EnrolmentsService }): Promise<void> {
  const { publishing, enrolments } = options;
  const author = requireAuth(...AUTHOR_ROLES);
  const tags = ['learning'];

  app.post(
    '/v1/courses/:id/publish',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Publish the course as it is now (every lesson needs content); publishing again replaces what learners see',
        params: IdParams,
        response: { 200: PublicationView, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => publicationView(await publishing.publish(request.em, authOf(request), request.params.id), true),
  );

  app.post(
    '/v1/courses/:id/unpublish',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Take the course out of the catalogue; enrolments and progress are kept',
        params: IdParams,
        response: { 200: PublicationView, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => {
      await publishing.unpublish(request.em, request.params.id);
      const latest = await publishing.latest(request.em, request.params.id);
      if (latest === null) throw new Error('a published course has a publication');
      return publicationView(latest, false, await publishing.changesSince(request.em, latest));
    },
  );

  app.get(
    '/v1/courses/:id/publication',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'The newest publication of the course, or null if it was never published',
        params: IdParams,
        response: { 200: Type.Union([Type.Null(), PublicationView]), ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const course = await publishing.course(request.em, request.params.id);
      const latest = await publishing.latest(request.em, course.id);
      return latest === null ? null : publicationView(latest, course.status === 'published', await publishing.changesSince(request.em, latest));
    },
  );

  app.get(
    '/v1/courses/:id/enrolments',
    {
      preHandler: author,
      schema: {
        tags,
        summary: "The course's learners with per-lesson completion and quiz results",
        params: IdParams,
        response: { 200: CourseLearnersView, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const course = await publishing.course(request.em, request.params.id);
      const publication = (await publishing.latest(request.em, course.id)) ?? undefined;
      const records = await enrolments.records(request.em, await enrolments.listForCourse(request.em, course.id));
      const users = await identityRecords.users(
        request.em,
        records.map((r) => r.enrolment.userId),
      );
      return {
        courseId: course.id,
        published: course.status === 'published',
        lessons: (publication?.outline.modules ?? []).flatMap((module) =>
          module.lessons.map((lesson) => ({ id: lesson.id, title: lesson.title, moduleTitle: module.title })),
        ),
        items: records.map((record) => ({
          ...enrolmentView(record, course, publication),
          userId: record.enrolment.userId,
          email: users.find((user) => user.id === record.enrolment.userId)?.email ?? '',
        })),
      };
    },
  );
}
