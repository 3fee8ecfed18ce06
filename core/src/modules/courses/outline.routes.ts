import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import type { CoursesService } from './courses.service.ts';
import type { Lesson } from './lesson.entity.ts';
import type { LessonVersion } from './lesson-version.entity.ts';
import { LessonVersionView, LessonView, RestoreBody, SaveBlocksBody } from './lessons.schemas.ts';
import type { LessonsService } from './lessons.service.ts';
import { OutlineEditBody, OutlineView } from './outline.schemas.ts';
import type { OutlineService } from './outline.service.ts';

const summary = (l: Lesson) => ({ id: l.id, title: l.title, objectives: l.objectives, status: l.status, currentVersion: l.currentVersion });
const versionView = (v: LessonVersion) => ({ version: v.version, blocks: v.blocks, provenance: v.provenance, createdAt: v.createdAt.toISOString() });

export async function outlineRoutes(
  app: TypedApp,
  options: { courses: CoursesService; outline: OutlineService; lessons: LessonsService },
): Promise<void> {
  const { courses, outline, lessons } = options;
  const author = requireAuth(...AUTHOR_ROLES);
  const tags = ['courses'];

  const outlineView = async (em: Parameters<OutlineService['get']>[0], courseId: string) => {
    const course = await courses.get(em, courseId);
    const modules = await outline.get(em, courseId);
    return {
      courseId,
      provenance: course.outlineProvenance ?? null,
      modules: modules.map(({ module, lessons: items }) => ({ id: module.id, title: module.title, lessons: items.map(summary) })),
    };
  };

  app.get(
    '/v1/courses/:id/outline',
    {
      preHandler: author,
      schema: { tags, summary: 'Modules and lessons, in order', params: IdParams, response: { 200: OutlineView, ...problems(401, 403, 404) } },
    },
    async (request) => outlineView(request.em, request.params.id),
  );

  app.put(
    '/v1/courses/:id/outline',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Rename, reorder, add or remove modules and lessons',
        params: IdParams,
        body: OutlineEditBody,
        response: { 200: OutlineView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await courses.get(request.em, request.params.id);
      await outline.edit(request.em, authOf(request).tenantId, request.params.id, request.body);
      request.em.clear();
      return outlineView(request.em, request.params.id);
    },
  );

  app.get(
    '/v1/lessons/:id',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'A lesson with its current content and provenance',
        params: IdParams,
        response: { 200: LessonView, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const { lesson, current } = await lessons.withContent(request.em, request.params.id);
      return { ...summary(lesson), courseId: lesson.courseId, moduleId: lesson.moduleId, content: current === null ? null : versionView(current) };
    },
  );

  app.put(
    '/v1/lessons/:id/blocks',
    {
      preHandler: author,
      schema: {
        tags,
        summary: "Save the author's blocks as a new version",
        params: IdParams,
        body: SaveBlocksBody,
        response: { 200: LessonVersionView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const lesson = await lessons.get(request.em, request.params.id);
      const saved = await request.em.transactional((tx) =>
        lessons.addVersion(tx, lesson, request.body.blocks, { source: 'author', authorId: authOf(request).userId }, null),
      );
      if (saved === null) throw new Error('an author version cannot collide');
      return versionView(saved);
    },
  );

  app.get(
    '/v1/lessons/:id/versions',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Every version of a lesson, newest first',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(LessonVersionView) }), ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      await lessons.get(request.em, request.params.id);
      return { items: (await lessons.versions(request.em, request.params.id)).map(versionView) };
    },
  );

  app.post(
    '/v1/lessons/:id/restore',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Make an earlier version current',
        params: IdParams,
        body: RestoreBody,
        response: { 200: Type.Object({ currentVersion: Type.Integer() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ({ currentVersion: (await lessons.restore(request.em, request.params.id, request.body.version)).currentVersion }),
  );
}
