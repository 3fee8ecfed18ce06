import { expect } from 'vitest';
import { courseWithOutline, type Session, signUp } from './generation-client.ts';
import type { StoredRun } from './scale-out-store.ts';
import { ResumingSubscriber } from './scale-out-subscriber.ts';

// The run shared by the scale-out tests: outlined courses, lesson generation followed by resuming
// subscribers on every API process, and the exactly-once checks against what was stored.

export interface Run {
  session: Session;
  courseId: string;
  jobId: string;
  subscribers: ResumingSubscriber[];
}

/** A new organisation with one outlined course; the slowed offline provider makes each lesson take a few seconds. */
export async function outlinedCourse(apiUrl: string, label: string, lessonsPerModule: number): Promise<{ session: Session; courseId: string }> {
  const session = await signUp(apiUrl, `${label}-${Date.now()}@example.com`);
  await session.call({ method: 'PUT', url: '/v1/plugins/ai-offline', payload: { enabled: true, config: { chunkDelayMs: 40 } } });
  return { session, courseId: await courseWithOutline(session, 2, lessonsPerModule) };
}

/** Resolves once `count()` reaches `target`, re-checked on every event any subscriber receives. */
export function whenCount(subscribers: ResumingSubscriber[], count: () => number, target: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const stops: Array<() => void> = [];
    const done = (error?: Error) => {
      for (const stop of stops) stop();
      clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(error);
    };
    const timer = setTimeout(() => done(new Error(`count stayed at ${count()} of ${target} for ${timeoutMs} ms`)), timeoutMs);
    for (const subscriber of subscribers) stops.push(subscriber.onEvent(() => count() >= target && done()));
    if (count() >= target) done();
  });
}

export function expectExactlyOnce(stored: StoredRun, lessonsPerModule: number): void {
  expect(stored.jobs).toHaveLength(1 + 2 * lessonsPerModule);
  for (const job of stored.jobs) {
    expect(job.status, `job ${job.id} (${job.kind})`).toBe('completed');
    // Claimed by the killed worker and once more by the survivor at most: a crash costs one attempt.
    expect(job.attempts, `attempts of ${job.id} (${job.kind})`).toBeLessThanOrEqual(2);
    const own = stored.events.filter((e) => e.jobId === job.id);
    expect(
      own.filter((e) => e.type === 'job.completed'),
      `job.completed of ${job.id} (${job.kind}, attempts ${job.attempts}); its events: ${own.map((e) => `${e.seq} ${e.type}`).join(', ')}`,
    ).toHaveLength(1);
  }
  expect(stored.events.filter((e) => e.type === 'job.failed' || e.type === 'job.cancelled')).toEqual([]);
  expect([...stored.versionsPerLesson.values()]).toEqual(Array(2 * lessonsPerModule).fill(1));
  for (const lessonId of stored.versionsPerLesson.keys())
    expect(
      stored.events.filter((e) => e.type === 'lesson.completed' && e.lessonId === lessonId),
      `lesson.completed of ${lessonId}`,
    ).toHaveLength(1);
  // Stored in one gap-free sequence: the reference every subscriber is held to.
  expect(stored.events.map((e) => e.seq)).toEqual(stored.events.map((_, i) => i + 1));
}

/** Starts lesson generation on every course and follows each stream with one subscriber per API process. */
export async function startGeneration(courses: Array<{ session: Session; courseId: string }>, urls: string[]): Promise<Run[]> {
  const runs: Run[] = [];
  for (const { session, courseId } of courses) {
    const { jobId } = (await session.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons`, payload: {} })).body as {
      jobId: string;
    };
    const subscribers = await Promise.all(urls.map((_, home) => ResumingSubscriber.start(jobId, session.token, urls, home)));
    runs.push({ session, courseId, jobId, subscribers });
  }
  return runs;
}
