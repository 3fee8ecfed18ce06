import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { type Course, CourseSchema } from './course.entity.ts';
import { type CourseModule, CourseModuleSchema } from './course-module.entity.ts';
import { type Lesson, LessonSchema } from './lesson.entity.ts';
import { type LessonVersion, LessonVersionSchema } from './lesson-version.entity.ts';

export type { Course, CourseModule, Lesson, LessonVersion };

/**
 * The courses module's rows as other modules (generation, exports, learning) read and write them.
 * The entity schemas stay private to this module; these are the queries it allows.
 */
export const courseRecords = {
  course: (em: EntityManager, id: string): Promise<Course | null> => em.findOne(CourseSchema, { id }),
  /** Throws MikroORM's NotFoundError when the course is gone (a job running for a deleted course fails). */
  courseOrFail: (em: EntityManager, id: string): Promise<Course> => em.findOneOrFail(CourseSchema, { id }),
  courses: (em: EntityManager, where: FilterQuery<Course>): Promise<Course[]> => em.find(CourseSchema, where),
  setOutlineProvenance: (em: EntityManager, courseId: string, provenance: Record<string, unknown>): Promise<number> =>
    em.nativeUpdate(CourseSchema, { id: courseId }, { outlineProvenance: provenance }),

  module: (em: EntityManager, id: string): Promise<CourseModule | null> => em.findOne(CourseModuleSchema, { id }),
  moduleOrFail: (em: EntityManager, id: string): Promise<CourseModule> => em.findOneOrFail(CourseModuleSchema, { id }),
  modules: (em: EntityManager, courseId: string): Promise<CourseModule[]> => em.find(CourseModuleSchema, { courseId }),

  lessonOrFail: (em: EntityManager, id: string): Promise<Lesson> => em.findOneOrFail(LessonSchema, { id }),
  lessons: (em: EntityManager, where: FilterQuery<Lesson>): Promise<Lesson[]> => em.find(LessonSchema, where),
  lessonCount: (em: EntityManager, courseId: string): Promise<number> => em.count(LessonSchema, { courseId }),
  setLessonStatus: (em: EntityManager, id: string, status: Lesson['status']): Promise<number> => em.nativeUpdate(LessonSchema, { id }, { status }),
  /**
   * A lesson whose writing stopped (failed or cancelled) is not left "generating": one with a
   * version keeps showing it as ready; one without shows `whenUnwritten` (failed, or pending when cancelled).
   */
  settleInterruptedLesson: async (em: EntityManager, id: string, whenUnwritten: 'failed' | 'pending'): Promise<void> => {
    await em.nativeUpdate(LessonSchema, { id, status: 'generating', currentVersion: { $gt: 0 } }, { status: 'ready' });
    await em.nativeUpdate(LessonSchema, { id, status: 'generating' }, { status: whenUnwritten });
  },

  version: (em: EntityManager, where: FilterQuery<LessonVersion>): Promise<LessonVersion | null> => em.findOne(LessonVersionSchema, where),
  versionOrFail: (em: EntityManager, where: FilterQuery<LessonVersion>): Promise<LessonVersion> => em.findOneOrFail(LessonVersionSchema, where),
  versions: (em: EntityManager, where: FilterQuery<LessonVersion>): Promise<LessonVersion[]> => em.find(LessonVersionSchema, where),
};
