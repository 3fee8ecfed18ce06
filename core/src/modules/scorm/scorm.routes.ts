import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import { EnrolmentLessonParams } from '../learning/learning.schemas.ts';
import { CommitBody, CommitView, ImportBody, ImportedPackageView, LaunchQuery, LaunchView } from './scorm.schemas.ts';
import type { ScormAttemptsService } from './scorm-attempts.service.ts';
import type { ScormImportService } from './scorm-import.service.ts';

/** Generous for SCORM 2004's 64 000-character suspend data and hundreds of interactions, bounded all the same. */
const COMMIT_BODY_LIMIT = 2 * 1024 ** 2;

export async function scormRoutes(app: TypedApp, options: { imports: ScormImportService; attempts: ScormAttemptsService }): Promise<void> {
  const { imports, attempts } = options;
  const tags = ['scorm'];

  app.post(
    '/v1/scorm-packages',
    {
      preHandler: requireAuth(...AUTHOR_ROLES),
      schema: {
        tags,
        summary: 'Import an uploaded SCORM 1.2 or 2004 zip as a draft course (one lesson per SCO); a bad package is refused naming what is wrong',
        body: ImportBody,
        response: { 201: ImportedPackageView, ...problems(400, 401, 403, 422, 503) },
      },
    },
    async (request, reply) => {
      const { scormPackage, scos } = await imports.import(request.em, authOf(request), request.body.uploadId);
      return reply.status(201).send({
        id: scormPackage.id,
        courseId: scormPackage.courseId,
        version: scormPackage.version,
        identifier: scormPackage.identifier,
        title: scormPackage.title,
        fileCount: scormPackage.fileCount,
        totalBytes: scormPackage.totalBytes,
        scos: scos.map((sco) => ({ lessonId: sco.lessonId, itemIdentifier: sco.itemIdentifier, title: sco.title, launchPath: sco.launchPath })),
      });
    },
  );

  app.get(
    '/v1/enrolments/:id/lessons/:lessonId/scorm',
    {
      preHandler: requireAuth(),
      schema: {
        tags,
        summary:
          "Launch a SCORM lesson: the content origin's launcher and SCO URLs, the stored CMI data to resume from and, with SCORM 2004 sequencing, what navigation is allowed (409 when the sequencing rules refuse the lesson now)",
        params: EnrolmentLessonParams,
        querystring: LaunchQuery,
        response: { 200: LaunchView, ...problems(401, 404, 409) },
      },
    },
    async (request) =>
      request.em.transactional((tx) => attempts.launch(tx, authOf(request), request.params.id, request.params.lessonId, request.query.request)),
  );

  app.put(
    '/v1/enrolments/:id/lessons/:lessonId/scorm',
    {
      preHandler: requireAuth(),
      bodyLimit: COMMIT_BODY_LIMIT,
      schema: {
        tags,
        summary:
          "Store a SCO commit (the whole CMI tree); a completed SCO completes its lesson. With SCORM 2004 sequencing the status rolls up the activity tree, and a terminating commit's navRequest answers where to go next",
        params: EnrolmentLessonParams,
        body: CommitBody,
        response: { 200: CommitView, ...problems(400, 401, 404, 413) },
      },
    },
    async (request) => {
      const { attempt, lessonCompleted, navigation } = await attempts.commit(
        request.em,
        authOf(request),
        request.params.id,
        request.params.lessonId,
        request.body.cmi,
        request.body.navRequest,
      );
      return {
        completionStatus: attempt.completionStatus,
        successStatus: attempt.successStatus,
        scoreScaled: attempt.scoreScaled ?? null,
        scoreRaw: attempt.scoreRaw ?? null,
        totalTime: attempt.totalTime,
        commits: attempt.commits,
        lessonCompleted,
        navigation,
      };
    },
  );
}
