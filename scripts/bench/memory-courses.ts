// The authoring flow `pnpm bench memory` repeats: through the public API, as an author would, a
// grounded course (SME, indexed document, audience, course), its outline, then its lessons, each
// step awaited on the websocket (subscribe, final event, unsubscribe).
import { authorized, type EventSocket } from './generation-api.ts';
import { createGroundedCourse, httpCaller } from './generation-core.ts';
import { checkLessons, jobIdOf, STEP_TIMEOUT_MS } from './generation-courses.ts';
import type { Stack } from './generation-stack.ts';

/** Small on purpose: a thousand of them fit in a bench run; every generation step still runs. */
export const SMALL_COURSE = { moduleCount: 1, lessonsPerModule: 2 } as const;

/** Generates course number `index` end to end; returns its number of lessons. */
export async function generateSmallCourse(stack: Stack, socket: EventSocket, index: number): Promise<number> {
  const { baseUrl } = stack.api;
  const call = authorized(baseUrl, stack.account);
  const courseId = await createGroundedCourse(httpCaller(baseUrl, stack.account.token), `Memory bench course ${index}`);
  const outlineJob = jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-outline`, SMALL_COURSE, 202));
  await socket.waitForJob(outlineJob, STEP_TIMEOUT_MS);
  const lessonsJob = jobIdOf(await call('POST', `/v1/courses/${courseId}/generate-lessons`, {}, 202));
  await socket.waitForJob(lessonsJob, STEP_TIMEOUT_MS);
  return checkLessons(call, lessonsJob);
}
