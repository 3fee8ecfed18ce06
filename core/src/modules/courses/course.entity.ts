import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const COURSE_STATUSES = ['draft', 'generating', 'ready', 'published'] as const;

export const CourseSchema = defineEntity({
  name: 'Course',
  tableName: 'course',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    ownerId: p.uuid(),
    title: p.string(),
    desiredOutcome: p.text(),
    language: p.string(),
    status: p.enum(COURSE_STATUSES),
    /** SMEs whose documents ground generation, in the author's order. */
    smeIds: p.json<string[]>(),
    audienceIds: p.json<string[]>(),
    /** Who wrote the current outline: provider, model, prompt version, source chunk ids. */
    outlineProvenance: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export type Course = InferEntity<typeof CourseSchema>;
