import type { EntityManager } from '@mikro-orm/postgresql';
import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { type Course, courseRecords } from '../courses/course-records.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import type { Enrolment } from './enrolment.entity.ts';
import { type EnrolmentsService, lessonOrder } from './enrolments.service.ts';
import { learnerBlocks } from './grading.ts';
import {
  CatalogueEntryView,
  CourseIdParams,
  CourseLessonParams,
  EnrolmentLessonParams,
  EnrolmentView,
  LearnerCourseView,
  LearnerLessonView,
  ProgressBody,
  QuizAttemptBody,
  QuizAttemptView,
  TimeReportBody,
  TimeReportView,
} from './learning.schemas.ts';
import { attemptView, enrolmentView, lessonProgressView } from './learning.views.ts';
import { lessonFileUrls } from './lesson-files.ts';
import type { PublishingService } from './publishing.service.ts';

/** Learner-side routes: any member of the organisation may browse, enrol and learn. */
export async function learnerRoutes(
  app: TypedApp,
  options: { publishing: PublishingService; enrolments: EnrolmentsService; plugins: TenantPluginsService },
): Promise<void> {
  const { publishing, enrolments, plugins } = options;
  const member = requireAuth();
  const tags = ['learning'];

  /** Enrolment views against each course's newest publication. */
  const viewsOf = async (em: EntityManager, list: Enrolment[]) => {
    const courses = await courseRecords.courses(em, { id: { $in: list.map((e) => e.courseId) } });
    const latest = await publishing.latestOf(
      em,
      courses.map((c) => c.id),
    );
    return (await enrolments.records(em, list)).flatMap((record) => {
      const course = courses.find((c) => c.id === record.enrolment.courseId);
      return course === undefined ? [] : [enrolmentView(record, course, latest.get(course.id))];
    });
  };
  const oneView = async (em: EntityManager, enrolment: Enrolment) => {
    const [view] = await viewsOf(em, [enrolment]);
    if (view === undefined) throw new MiraiError('MIRAI_ERR_COURSE_NOT_FOUND');
    return view;
  };
  const requireEnrolment = async (em: EntityManager, actor: AuthContext, course: Course) => {
    const enrolment = await enrolments.mine(em, actor, course.id);
    if (enrolment === null) throw new MiraiError('MIRAI_ERR_ENROLMENT_REQUIRED');
    return enrolment;
  };

  app.get(
    '/v1/catalogue',
    {
      preHandler: member,
      schema: {
        tags,
        summary: "The organisation's published courses, newest first",
        response: { 200: Type.Object({ items: Type.Array(CatalogueEntryView) }), ...problems(401) },
      },
    },
    async (request) => {
      const publications = await publishing.catalogue(request.em);
      const mine = await enrolments.listMine(request.em, authOf(request));
      return {
        items: publications.map((publication) => ({
          id: publication.courseId,
          title: publication.title,
          description: publication.description,
          language: publication.language,
          publishedAt: publication.publishedAt.toISOString(),
          moduleCount: publication.outline.modules.length,
          lessonCount: lessonOrder(publication).length,
          enrolmentId: mine.find((e) => e.courseId === publication.courseId)?.id ?? null,
        })),
      };
    },
  );

  app.get(
    '/v1/catalogue/:courseId',
    {
      preHandler: member,
      schema: {
        tags,
        summary: 'A published course: its outline and, when enrolled, your progress',
        params: CourseIdParams,
        response: { 200: LearnerCourseView, ...problems(401, 404) },
      },
    },
    async (request) => {
      const { course, publication } = await publishing.publishedCourse(request.em, request.params.courseId);
      const enrolment = await enrolments.mine(request.em, authOf(request), course.id);
      return {
        id: course.id,
        title: publication.title,
        description: publication.description,
        language: publication.language,
        publishedAt: publication.publishedAt.toISOString(),
        modules: publication.outline.modules,
        enrolment: enrolment === null ? null : await oneView(request.em, enrolment),
      };
    },
  );

  app.get(
    '/v1/catalogue/:courseId/lessons/:lessonId',
    {
      preHandler: member,
      schema: {
        tags,
        summary: 'A published lesson as learners see it (needs an enrolment); quizzes come without answers',
        params: CourseLessonParams,
        response: { 200: LearnerLessonView, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = authOf(request);
      const { course, publication } = await publishing.publishedCourse(request.em, request.params.courseId);
      const enrolment = await requireEnrolment(request.em, actor, course);
      const lesson = await publishing.lesson(request.em, publication, request.params.lessonId);
      const order = lessonOrder(publication);
      const position = order.indexOf(lesson.lessonId);
      const module = publication.outline.modules.find((m) => m.lessons.some((l) => l.id === lesson.lessonId));
      const summary = module?.lessons.find((l) => l.id === lesson.lessonId);
      if (module === undefined || summary === undefined) throw new MiraiError('MIRAI_ERR_LESSON_NOT_FOUND');
      const urls = await lessonFileUrls(request.em, plugins, actor.tenantId, lesson.blocks);
      const [record] = await enrolments.records(request.em, [enrolment]);
      if (record === undefined) throw new MiraiError('MIRAI_ERR_ENROLMENT_NOT_FOUND');
      return {
        id: lesson.lessonId,
        courseId: course.id,
        moduleId: module.id,
        title: summary.title,
        objectives: summary.objectives,
        position,
        previousLessonId: order[position - 1] ?? null,
        nextLessonId: order[position + 1] ?? null,
        blocks: learnerBlocks(lesson.blocks, (key) => urls.get(key) ?? null),
        progress: lessonProgressView(record, lesson.lessonId),
      };
    },
  );

  app.post(
    '/v1/courses/:id/enrolments',
    {
      preHandler: member,
      schema: {
        tags,
        summary: 'Enrol yourself in a published course (201; 200 with the existing enrolment if already enrolled)',
        params: IdParams,
        response: { 200: EnrolmentView, 201: EnrolmentView, ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const { enrolment, created } = await enrolments.enrol(request.em, authOf(request), request.params.id);
      return reply.status(created ? 201 : 200).send(await oneView(request.em, enrolment));
    },
  );

  app.get(
    '/v1/me/enrolments',
    {
      preHandler: member,
      schema: {
        tags,
        summary: 'Your enrolments with progress, most recent first',
        response: { 200: Type.Object({ items: Type.Array(EnrolmentView) }), ...problems(401) },
      },
    },
    async (request) => ({ items: await viewsOf(request.em, await enrolments.listMine(request.em, authOf(request))) }),
  );

  app.put(
    '/v1/enrolments/:id/lessons/:lessonId/progress',
    {
      preHandler: member,
      schema: {
        tags,
        summary: 'Mark a lesson complete (or not); repeating the same write changes nothing',
        params: EnrolmentLessonParams,
        body: ProgressBody,
        response: { 200: EnrolmentView, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const enrolment = await enrolments.setProgress(request.em, authOf(request), request.params.id, request.params.lessonId, request.body.completed);
      return oneView(request.em, enrolment);
    },
  );

  app.post(
    '/v1/enrolments/:id/lessons/:lessonId/time',
    {
      preHandler: member,
      schema: {
        tags,
        summary: 'Report active time in a lesson (the learner view sends it while the tab is visible and the learner active)',
        params: EnrolmentLessonParams,
        body: TimeReportBody,
        response: { 200: TimeReportView, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const { id, lessonId } = request.params;
      return { lessonId, timeSpentSeconds: await enrolments.recordTime(request.em, authOf(request), id, lessonId, request.body.seconds) };
    },
  );

  app.post(
    '/v1/enrolments/:id/lessons/:lessonId/quiz-attempts',
    {
      preHandler: member,
      schema: {
        tags,
        summary: 'Answer a quiz block; graded on the server with per-question correctness and explanations',
        params: EnrolmentLessonParams,
        body: QuizAttemptBody,
        response: { 201: QuizAttemptView, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = authOf(request);
      const { attempt, graded } = await enrolments.attempt(request.em, actor, request.params.id, request.params.lessonId, request.body);
      const [record] = await enrolments.records(request.em, [await enrolments.own(request.em, actor, request.params.id)]);
      if (record === undefined) throw new MiraiError('MIRAI_ERR_ENROLMENT_NOT_FOUND');
      return reply.status(201).send(attemptView(attempt, graded, lessonProgressView(record, attempt.lessonId)));
    },
  );
}
