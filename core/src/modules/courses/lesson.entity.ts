import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const LESSON_STATUSES = ['pending', 'generating', 'ready', 'failed'] as const;

/** A lesson of the outline; its content lives in versions (`lesson_version`), the current one by number. */
export const LessonSchema = defineEntity({
  name: 'Lesson',
  tableName: 'lesson',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    courseId: p.uuid(),
    moduleId: p.uuid(),
    position: p.integer(),
    title: p.string(),
    objectives: p.json<string[]>(),
    status: p.enum(LESSON_STATUSES),
    currentVersion: p.integer(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export type Lesson = InferEntity<typeof LessonSchema>;
