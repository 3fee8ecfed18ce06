// Part 1 of `pnpm bench generation`: whole courses generated end to end through the public API
// with the ai-offline provider, timed from the outline request to the last lesson's completion.

import { num } from './format.ts';
import { authorized, EventSocket, out } from './generation-api.ts';
import { createGroundedCourse, httpCaller } from './generation-core.ts';
import type { Stack } from './generation-stack.ts';

/** Upper bounds: ai-offline makes as many lessons as the guide's sections allow (8 for the core fixture). */
export const COURSE_SHAPE = { moduleCount: 5, lessonsPerModule: 4 } as const;
export const STEP_TIMEOUT_MS = 300_000;

export interface CourseTiming {
  outlineSeconds: number;
  lessonsSeconds: number;
  totalSeconds: number;
}

export function jobIdOf(body: unknown): string {
  const jobId = typeof body === 'object' && body !== null && 'jobId' in body ? body.jobId : undefined;
  if (typeof jobId !== 'string') throw new Error(`expected {jobId}, got ${JSON.stringify(body)}`);
  return jobId;
}

/** The lesson fan-out must have completed every child, one per lesson, or the timing measured something else; returns their number. */
export async function checkLessons(call: ReturnType<typeof authorized>, jobId: string): Promise<number> {
  const job = await call('GET', `/v1/jobs/${jobId}`, undefined, 200);
  const children = typeof job === 'object' && job !== null && 'children' in job ? job.children : undefined;
  const completed = typeof children === 'object' && children !== null && 'completed' in children ? children.completed : undefined;
  const total = typeof children === 'object' && children !== null && 'total' in children ? children.total : undefined;
  if (typeof completed !== 'number' || completed === 0 || completed !== total)
    throw new Error(`lesson job ${jobId} finished with children ${JSON.stringify(children)}, expected all completed`);
  return completed;
}

/** Generates `count` courses one after another in the stack's organisation; returns their timings. */
export async function measureCourses(stack: Stack, count: number, options: { quiet?: boolean } = {}): Promise<CourseTiming[]> {
  const { baseUrl } = stack.api;
  const call = authorized(baseUrl, stack.account);
  const socket = await EventSocket.connect(baseUrl, stack.account.token);
  const timings: CourseTiming[] = [];
  try {
    for (let index = 1; index <= count; index++) {
      const courseId = await createGroundedCourse(httpCaller(baseUrl, stack.account.token), `Bench course ${index}`);
      if (typeof courseId !== 'string') throw new Error('creating the grounded course failed');
      const started = performance.now();
      const outlineJob = jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-outline`, COURSE_SHAPE, 202));
      await socket.waitForJob(outlineJob, STEP_TIMEOUT_MS);
      const outlined = performance.now();
      const lessonsJob = jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-lessons`, {}, 202));
      await socket.waitForJob(lessonsJob, STEP_TIMEOUT_MS);
      const finished = performance.now();
      const lessons = await checkLessons(call, lessonsJob);
      const timing = {
        outlineSeconds: (outlined - started) / 1000,
        lessonsSeconds: (finished - outlined) / 1000,
        totalSeconds: (finished - started) / 1000,
      };
      timings.push(timing);
      if (options.quiet !== true)
        out(
          `  ${stack.mode} course ${index}/${count}: ${num(timing.totalSeconds, 2)} s ` +
            `(outline ${num(timing.outlineSeconds, 2)} s, ${lessons} lessons ${num(timing.lessonsSeconds, 2)} s)`,
        );
    }
  } finally {
    await socket.close();
  }
  return timings;
}
