import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * What is stored: only publishing is a decision. The statuses authors see (generating, ready) are
 * derived from the course's jobs and lessons when it is read (course-status.ts).
 */
export const STORED_COURSE_STATUSES = ['draft', 'published'] as const;

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
    status: p.enum(STORED_COURSE_STATUSES),
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
