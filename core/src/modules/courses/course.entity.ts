import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * What is stored: only publishing is a decision. The statuses authors see (generating, ready) are
 * derived from the course's jobs and lessons when it is read (course-status.ts).
 */
export const STORED_COURSE_STATUSES = ['draft', 'published'] as const;

/** A template is the starting point of new courses: listed apart, duplicated, never published. */
export const COURSE_KINDS = ['course', 'template'] as const;

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
    kind: p.enum(COURSE_KINDS).default('course'),
    /** Set when archived: out of the list and the catalogue; enrolments, progress and certificates are kept. */
    archivedAt: p.datetime().nullable(),
    /** SMEs whose documents ground generation, in the author's order. */
    smeIds: p.json<string[]>(),
    audienceIds: p.json<string[]>(),
    /** Percent of a quiz's questions a learner must answer correctly to pass it. */
    passMark: p.integer().default(70),
    /** Free tags (lower-case) the course list and the knowledge library filter by. */
    tags: p.array().default([]),
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
