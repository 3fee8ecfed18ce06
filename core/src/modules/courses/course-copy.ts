import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Course, CourseSchema } from './course.entity.ts';
import { CourseModuleSchema } from './course-module.entity.ts';
import { LessonSchema } from './lesson.entity.ts';
import { LessonVersionSchema } from './lesson-version.entity.ts';

export interface CopyRequest {
  kind: Course['kind'];
  title: string;
  ownerId: string;
}

/**
 * A new draft (or template) with the source's details, SMEs, audiences, outline and each lesson's
 * current content as its first version; provenance (the source chunks a lesson cites) travels with
 * it and names what it was copied from. Nothing learners did is copied: no publication, enrolment
 * or export. Runs in the caller's transaction, so a failure leaves no partial copy.
 */
export async function copyCourse(tx: EntityManager, source: Course, request: CopyRequest): Promise<Course> {
  const copy = tx.create(CourseSchema, {
    id: randomUUID(),
    tenantId: source.tenantId,
    ownerId: request.ownerId,
    title: request.title,
    desiredOutcome: source.desiredOutcome,
    language: source.language,
    status: 'draft',
    kind: request.kind,
    archivedAt: null,
    smeIds: [...source.smeIds],
    audienceIds: [...source.audienceIds],
    passMark: source.passMark,
    tags: source.tags,
    outlineProvenance: source.outlineProvenance === null ? null : { ...source.outlineProvenance, copiedFromCourseId: source.id },
  });
  const modules = await tx.find(CourseModuleSchema, { courseId: source.id }, { orderBy: { position: 'asc' } });
  const lessons = await tx.find(LessonSchema, { courseId: source.id }, { orderBy: { position: 'asc' } });
  const versions = await tx.find(LessonVersionSchema, { lessonId: { $in: lessons.map((lesson) => lesson.id) } });
  const moduleIds = new Map(modules.map((module) => [module.id, randomUUID()]));
  for (const module of modules)
    tx.create(CourseModuleSchema, {
      id: moduleIds.get(module.id) ?? randomUUID(),
      tenantId: source.tenantId,
      courseId: copy.id,
      position: module.position,
      title: module.title,
    });
  for (const lesson of lessons) {
    const moduleId = moduleIds.get(lesson.moduleId);
    if (moduleId === undefined) throw new Error(`lesson ${lesson.id} belongs to no module of course ${source.id}`);
    const current = versions.find((version) => version.lessonId === lesson.id && version.version === lesson.currentVersion);
    const id = randomUUID();
    tx.create(LessonSchema, {
      id,
      tenantId: source.tenantId,
      courseId: copy.id,
      moduleId,
      position: lesson.position,
      title: lesson.title,
      objectives: [...lesson.objectives],
      // A lesson being written or failed in the source has no content to copy: it starts unwritten.
      status: current === undefined ? 'pending' : 'ready',
      currentVersion: current === undefined ? 0 : 1,
    });
    if (current !== undefined)
      tx.create(LessonVersionSchema, {
        id: randomUUID(),
        tenantId: source.tenantId,
        lessonId: id,
        version: 1,
        blocks: structuredClone(current.blocks),
        provenance: { ...current.provenance, copiedFrom: { lessonId: lesson.id, version: current.version } },
        jobId: null,
      });
  }
  await tx.flush();
  return copy;
}
