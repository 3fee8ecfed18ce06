import type { EntityManager } from '@mikro-orm/postgresql';
import type { CourseDocument } from '@mirai/sdk-plugin';
import { courseRecords } from '../courses/course-records.ts';
import type { OutlineService } from '../courses/outline.service.ts';

/** The course as exporters see it: outline order, each lesson's current version. */
export async function loadCourseDocument(em: EntityManager, outline: OutlineService, courseId: string): Promise<CourseDocument> {
  const course = await courseRecords.courseOrFail(em, courseId);
  const modules = await outline.get(em, courseId);
  const lessonIds = modules.flatMap((m) => m.lessons.map((l) => l.id));
  const versions = lessonIds.length === 0 ? [] : await courseRecords.versions(em, { lessonId: { $in: lessonIds } });
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
