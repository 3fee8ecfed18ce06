// The authoring flow `pnpm bench memory` repeats: through the public API, as an author would, a
// grounded course (SME, indexed document, audience, course), its outline, then its lessons, each
// step awaited on the websocket (subscribe, final event, unsubscribe).
import { authorized, type EventSocket } from './generation-api.ts';
import { createGroundedCourse, httpCaller } from './generation-core.ts';
import type { Stack } from './generation-stack.ts';

/** Small on purpose: a thousand of them fit in a bench run; every generation step still runs. */
export const SMALL_COURSE = { moduleCount: 1, lessonsPerModule: 2 } as const;
const STEP_TIMEOUT_MS = 300_000;

function jobIdOf(body: unknown): string {
  const jobId = typeof body === 'object' && body !== null && 'jobId' in body ? body.jobId : undefined;
  if (typeof jobId !== 'string') throw new Error(`expected {jobId}, got ${JSON.stringify(body)}`);
  return jobId;
}

/** How many lessons the fan-out completed; throws unless every child completed. */
async function completedLessons(call: ReturnType<typeof authorized>, jobId: string): Promise<number> {
  const job = await call('GET', `/v1/jobs/${jobId}`, undefined, 200);
  const children = typeof job === 'object' && job !== null && 'children' in job ? job.children : undefined;
  const completed = typeof children === 'object' && children !== null && 'completed' in children ? children.completed : undefined;
  const total = typeof children === 'object' && children !== null && 'total' in children ? children.total : undefined;
  if (typeof completed !== 'number' || completed === 0 || completed !== total)
    throw new Error(`lesson job ${jobId} finished with children ${JSON.stringify(children)}, expected all completed`);
  return completed;
}

/** Generates course number `index` end to end; returns its number of lessons. */
export async function generateSmallCourse(stack: Stack, socket: EventSocket, index: number): Promise<number> {
  const { baseUrl } = stack.api;
  const call = authorized(baseUrl, stack.account);
  const courseId = await createGroundedCourse(httpCaller(baseUrl, stack.account.token), `Memory bench course ${index}`);
  const outlineJob = jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-outline`, SMALL_COURSE, 202));
  await socket.waitForJob(outlineJob, STEP_TIMEOUT_MS);
  const lessonsJob = jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-lessons`, {}, 202));
  await socket.waitForJob(lessonsJob, STEP_TIMEOUT_MS);
  return completedLessons(call, lessonsJob);
}
