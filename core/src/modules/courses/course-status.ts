import type { EntityManager } from '@mikro-orm/postgresql';
import type { Course } from './course.entity.ts';

/** The statuses authors see: `published` is stored, the others are derived when the course is read. */
export const COURSE_STATUSES = ['draft', 'generating', 'ready', 'published'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

/**
 * The kinds of the jobs that write a course's lessons (the generation module names its jobs after
 * these); a running outline job leaves the course a draft (the wizard is still open).
 */
export const LESSON_WRITING_JOB_KINDS = { lessons: 'generate-lessons', lesson: 'generate-lesson' } as const;
export const WRITING_KINDS = Object.values(LESSON_WRITING_JOB_KINDS);

export interface StatusFacts {
  id: string;
  writing: boolean;
  lessons: number;
  unwritten: number;
}

/**
 * The status authors see. Only publishing is stored as a decision; the rest follows from the
 * course's jobs and lessons when it is read, so a killed worker, a cancel or a failed job can never
 * leave a course saying "writing lessons", nor a fully written course saying "draft".
 */
export async function courseStatuses(em: EntityManager, courses: readonly Course[]): Promise<Map<string, CourseStatus>> {
  const published = new Set(courses.filter((course) => course.status === 'published').map((course) => course.id));
  const facts = await statusFacts(
    em,
    courses.map((course) => course.id),
  );
  return new Map(facts.map((fact) => [fact.id, published.has(fact.id) ? 'published' : derive(fact)]));
}

/** Whether lessons of the course are being written now (also for a published course, whose draft may be regenerating). */
export async function isWritingLessons(em: EntityManager, courseId: string): Promise<boolean> {
  return (await statusFacts(em, [courseId])).some((fact) => fact.writing);
}

async function statusFacts(em: EntityManager, ids: readonly string[]): Promise<StatusFacts[]> {
  if (ids.length === 0) return [];
  // Course ids come from the tenant-filtered EntityManager, so the raw query stays inside the tenant.
  return em.execute<StatusFacts[]>(
    `select c.id,
            exists (select 1 from job j where j.course_id = c.id and j.parent_id is null
                      and j.kind in (?, ?) and j.status in ('queued', 'running')) as writing,
            (select count(*) from lesson l where l.course_id = c.id)::int as lessons,
            (select count(*) from lesson l where l.course_id = c.id and l.current_version = 0)::int as unwritten
       from course c where c.id in (${ids.map(() => '?').join(', ')})`,
    [...WRITING_KINDS, ...ids],
  );
}

export function derive(fact: StatusFacts): CourseStatus {
  if (fact.writing) return 'generating';
  return fact.lessons > 0 && fact.unwritten === 0 ? 'ready' : 'draft';
}

export async function courseStatus(em: EntityManager, course: Course): Promise<CourseStatus> {
  return (await courseStatuses(em, [course])).get(course.id) ?? course.status;
}
