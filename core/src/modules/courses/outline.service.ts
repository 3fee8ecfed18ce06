import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutlineDraft } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { type CourseModule, CourseModuleSchema } from './course-module.entity.ts';
import { type Lesson, LessonSchema } from './lesson.entity.ts';

export interface OutlineModule {
  module: CourseModule;
  lessons: Lesson[];
}

/** An outline edit: items with an id keep their lesson content; items without one are new. */
export interface OutlineEdit {
  modules: Array<{ id?: string | undefined; title: string; lessons: Array<{ id?: string | undefined; title: string; objectives: string[] }> }>;
}

/** Modules and lessons of a course, in order. */
export class OutlineService {
  async get(em: EntityManager, courseId: string): Promise<OutlineModule[]> {
    const modules = await em.find(CourseModuleSchema, { courseId }, { orderBy: { position: 'asc' } });
    const lessons = await em.find(LessonSchema, { courseId }, { orderBy: { position: 'asc' } });
    return modules.map((module) => ({ module, lessons: lessons.filter((lesson) => lesson.moduleId === module.id) }));
  }

  /** Replaces the whole outline with a generated draft, inside the caller's transaction. */
  async replaceWithDraft(em: EntityManager, tenantId: string, courseId: string, draft: OutlineDraft): Promise<void> {
    await em.nativeDelete(CourseModuleSchema, { courseId });
    for (const [m, module] of draft.modules.entries()) {
      const moduleId = randomUUID();
      em.create(CourseModuleSchema, { id: moduleId, tenantId, courseId, position: m, title: module.title });
      for (const [l, lesson] of module.lessons.entries())
        em.create(LessonSchema, {
          id: randomUUID(),
          tenantId,
          courseId,
          moduleId,
          position: l,
          title: lesson.title,
          objectives: lesson.objectives,
          status: 'pending',
          currentVersion: 0,
        });
    }
  }

  /** Applies an author's edit (rename, reorder, add, remove) in one transaction. */
  async edit(em: EntityManager, tenantId: string, courseId: string, edit: OutlineEdit): Promise<void> {
    const existing = await this.get(em, courseId);
    const moduleIds = new Set(existing.map((entry) => entry.module.id));
    const lessons = new Map(existing.flatMap((entry) => entry.lessons).map((lesson) => [lesson.id, lesson]));
    for (const module of edit.modules) {
      if (module.id !== undefined && !moduleIds.has(module.id))
        throw new MiraiError('MIRAI_ERR_MODULE_NOT_FOUND', `Module ${module.id} is not part of this course`);
      for (const lesson of module.lessons)
        if (lesson.id !== undefined && !lessons.has(lesson.id))
          throw new MiraiError('MIRAI_ERR_LESSON_NOT_FOUND', `Lesson ${lesson.id} is not part of this course`);
    }
    await em.transactional(async (tx) => {
      const keptModules = new Set<string>();
      const keptLessons = new Set<string>();
      for (const [m, module] of edit.modules.entries()) {
        const moduleId = module.id ?? randomUUID();
        keptModules.add(moduleId);
        if (module.id === undefined) tx.create(CourseModuleSchema, { id: moduleId, tenantId, courseId, position: m, title: module.title });
        else await tx.nativeUpdate(CourseModuleSchema, { id: moduleId }, { position: m, title: module.title });
        for (const [l, lesson] of module.lessons.entries()) {
          const lessonId = lesson.id ?? randomUUID();
          keptLessons.add(lessonId);
          if (lesson.id === undefined)
            tx.create(LessonSchema, {
              id: lessonId,
              tenantId,
              courseId,
              moduleId,
              position: l,
              title: lesson.title,
              objectives: lesson.objectives,
              status: 'pending',
              currentVersion: 0,
            });
          else await tx.nativeUpdate(LessonSchema, { id: lessonId }, { moduleId, position: l, title: lesson.title, objectives: lesson.objectives });
        }
      }
      await tx.nativeDelete(LessonSchema, { courseId, id: { $nin: [...keptLessons] } });
      await tx.nativeDelete(CourseModuleSchema, { courseId, id: { $nin: [...keptModules] } });
    });
  }
}
