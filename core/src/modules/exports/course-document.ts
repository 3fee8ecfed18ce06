import type { EntityManager } from '@mikro-orm/postgresql';
import type { CourseDocument } from '@mirai/sdk-plugin';
import { CourseSchema } from '../courses/course.entity.ts';
import { LessonVersionSchema } from '../courses/lesson-version.entity.ts';
import type { OutlineService } from '../courses/outline.service.ts';

/** The course as exporters see it: outline order, each lesson's current version. */
export async function loadCourseDocument(em: EntityManager, outline: OutlineService, courseId: string): Promise<CourseDocument> {
  const course = await em.findOneOrFail(CourseSchema, { id: courseId });
  const modules = await outline.get(em, courseId);
  const lessonIds = modules.flatMap((m) => m.lessons.map((l) => l.id));
  const versions = lessonIds.length === 0 ? [] : await em.find(LessonVersionSchema, { lessonId: { $in: lessonIds } });
  const current = new Map(versions.map((v) => [`${v.lessonId}:${v.version}`, v.blocks]));
  return {
    id: course.id,
    title: course.title,
    desiredOutcome: course.desiredOutcome,
    language: course.language,
    modules: modules.map(({ module, lessons }) => ({
      id: module.id,
      title: module.title,
      lessons: lessons.map((lesson) => ({
        id: lesson.id,
        title: lesson.title,
        objectives: lesson.objectives,
        blocks: current.get(`${lesson.id}:${lesson.currentVersion}`) ?? [],
      })),
    })),
  };
}
