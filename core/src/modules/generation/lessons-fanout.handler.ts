import { waitForChildren } from '../../jobs/job-contracts.ts';
import { defineJob, type JobDefinition } from '../../jobs/job-definition.ts';
import { courseRecords } from '../courses/course-records.ts';
import { lessonJob, lessonsJob } from './generation-jobs.ts';

/**
 * Fans out one lesson job per lesson (course order) and waits: the runner creates the children
 * with the parent's switch to waiting, and completes the parent when the last child finishes.
 */
export function lessonsFanoutHandler(): JobDefinition {
  return defineJob(lessonsJob, async (ctx) => {
    const { courseId, instruction } = ctx.payload;
    const requested = ctx.payload.lessonIds ?? null;
    const em = ctx.em();
    const modules = new Map((await courseRecords.modules(em, courseId)).map((m) => [m.id, m.position]));
    const lessons = (await courseRecords.lessons(em, { courseId, ...(requested === null ? {} : { id: { $in: requested } }) })).sort(
      (a, b) => (modules.get(a.moduleId) ?? 0) - (modules.get(b.moduleId) ?? 0) || a.position - b.position,
    );
    await ctx.progress(1, `Writing ${lessons.length} lessons`, { total: lessons.length });
    return waitForChildren({
      children: lessons.map((lesson) => ({
        kind: lessonJob.kind,
        courseId,
        payload: { lessonId: lesson.id, ...(instruction === undefined ? {} : { instruction }) },
      })),
      result: { lessons: lessons.length },
    });
  });
}
