import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import { userLocale } from '../identity/user-locale.ts';
import { EnrolmentLessonParams } from '../learning/learning.schemas.ts';
import { Cmi5LaunchView, FetchAnswerView, FetchParams, ImportBody, ImportedCmi5CourseView } from './cmi5.schemas.ts';
import type { Cmi5ImportService } from './cmi5-import.service.ts';
import type { Cmi5LaunchService } from './cmi5-launch.service.ts';

export async function cmi5Routes(app: TypedApp, options: { imports: Cmi5ImportService; launches: Cmi5LaunchService }): Promise<void> {
  const { imports, launches } = options;
  const tags = ['cmi5'];

  app.post(
    '/v1/cmi5-courses',
    {
      preHandler: requireAuth(...AUTHOR_ROLES),
      schema: {
        tags,
        summary: 'Import an uploaded cmi5 course (a zip with cmi5.xml, or a bare cmi5.xml with https AUs) as a draft course, one lesson per AU',
        body: ImportBody,
        response: { 201: ImportedCmi5CourseView, ...problems(400, 401, 403, 422, 503) },
      },
    },
    async (request, reply) => {
      const { cmi5Course, aus } = await imports.import(request.em, authOf(request), request.body.uploadId);
      return reply.status(201).send({
        id: cmi5Course.id,
        courseId: cmi5Course.courseId,
        courseIri: cmi5Course.courseIri,
        title: cmi5Course.title,
        fileCount: cmi5Course.fileCount,
        totalBytes: cmi5Course.totalBytes,
        aus: aus.map((au) => ({
          lessonId: au.lessonId,
          auIri: au.auIri,
          title: au.title,
          url: au.url,
          moveOn: au.moveOn,
          masteryScore: au.masteryScore ?? null,
        })),
      });
    },
  );

  app.post(
    '/v1/enrolments/:id/lessons/:lessonId/cmi5-launch',
    {
      preHandler: requireAuth(),
      schema: {
        tags,
        summary: 'Launch a cmi5 AU: a new session with its LMS.LaunchData, the launched statement, and the launch URL (with a single-use fetch URL)',
        params: EnrolmentLessonParams,
        response: { 200: Cmi5LaunchView, ...problems(401, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const locale = (await userLocale(request.em, auth.userId)) ?? 'en-US';
      return launches.launch(request.em, auth, request.params.id, request.params.lessonId, locale);
    },
  );

  app.post(
    '/xapi/cmi5/fetch/:sessionId/:secret',
    {
      schema: {
        tags,
        summary: "A launch's fetch URL (cmi5 §8.2.3): the first POST answers the auth token, any later one error-code 1",
        params: FetchParams,
        response: { 200: FetchAnswerView },
      },
    },
    async (request) => launches.fetch(request.em, request.params.sessionId, request.params.secret),
  );
}
