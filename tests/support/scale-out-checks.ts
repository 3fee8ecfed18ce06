import { expect } from 'vitest';
import type { StoredRun } from './scale-out-store.ts';
import type { ResumingSubscriber } from './scale-out-subscriber.ts';

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

/**
 * One lesson-generation run as the database holds it: the fan-out job and one job per lesson, each
 * completed exactly once, one version per lesson, one gap-free event sequence.
 */
export function expectExactlyOnce(stored: StoredRun, lessons: number): void {
  expect(stored.jobs).toHaveLength(1 + lessons);
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
  expect([...stored.versionsPerLesson.values()]).toEqual(Array(lessons).fill(1));
  for (const lessonId of stored.versionsPerLesson.keys())
    expect(
      stored.events.filter((e) => e.type === 'lesson.completed' && e.lessonId === lessonId),
      `lesson.completed of ${lessonId}`,
    ).toHaveLength(1);
  // Stored in one gap-free sequence: the reference every subscriber is held to.
  expect(stored.events.map((e) => e.seq)).toEqual(stored.events.map((_, i) => i + 1));
}
