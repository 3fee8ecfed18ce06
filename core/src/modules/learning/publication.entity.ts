import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { Block } from '@mirai/sdk-plugin';

/** The outline learners see, frozen at publish time. */
export interface PublishedOutline {
  modules: Array<{ id: string; title: string; lessons: Array<{ id: string; title: string; objectives: string[] }> }>;
}

/**
 * One publication of a course: a numbered snapshot of its outline. Learners always see the
 * newest publication of a course whose status is `published`; older ones stay as history.
 */
export const CoursePublicationSchema = defineEntity({
  name: 'CoursePublication',
  tableName: 'course_publication',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    courseId: p.uuid(),
    number: p.integer(),
    title: p.string(),
    description: p.text(),
    language: p.string(),
    outline: p.json<PublishedOutline>(),
    publishedBy: p.uuid(),
    publishedAt: p.datetime(),
  },
});

/**
 * A lesson's content as published: which version was pinned and a copy of its blocks, so later
 * edits, regenerations or even deleting the lesson from the outline never reach learners until
 * the course is published again.
 */
export const PublishedLessonSchema = defineEntity({
  name: 'PublishedLesson',
  tableName: 'published_lesson',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    publicationId: p.uuid(),
    courseId: p.uuid(),
    lessonId: p.uuid(),
    lessonVersionId: p.uuid(),
    version: p.integer(),
    blocks: p.json<Block[]>(),
  },
});

export type CoursePublication = InferEntity<typeof CoursePublicationSchema>;
export type PublishedLesson = InferEntity<typeof PublishedLessonSchema>;
