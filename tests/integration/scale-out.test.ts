import { createTestDatabase, createTestRedis, httpCaller, WsTestClient } from '@mirai/core/testing';
import { describe, expect, it } from 'vitest';
import { courseWithOutline, lessonVersionCounts, type Session, signUp, waitForJob } from '../support/generation-client.ts';
import { expectExactlyOnce, whenCount } from '../support/scale-out-checks.ts';
import { firstSweepResume, killHard, migrate, startCluster } from '../support/scale-out-cluster.ts';
import { readStoredRun } from '../support/scale-out-store.ts';
import { ResumingSubscriber } from '../support/scale-out-subscriber.ts';

const serverMode = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '' && (process.env.MIRAI_TEST_REDIS_URL ?? '') !== '';

describe.skipIf(!serverMode)('server mode: two API processes and one worker behind one Redis', () => {
  it('a subscriber on each API process receives every event of one job, in order', async () => {
    const database = await createTestDatabase();
    const redis = createTestRedis();
    const env = { ...database.env, ...redis.env };
    await migrate(env);
    const cluster = await startCluster('scale', { apis: 2, workers: 1 }, env);
    const [apiA, apiB] = cluster.apis.map((api) => api.url);
    try {
      const session = await signUp(apiA ?? '', 'scale@example.com');
      const courseId = await courseWithOutline(session, 2, 2);
      const onA = await WsTestClient.connect(apiA ?? '', session.token);
      const onB = await WsTestClient.connect(apiB ?? '', session.token);
      // Subscribe before starting, live only: every event must come through Redis, not a replay.
      onA.send({ type: 'subscribe', courseId });
      onB.send({ type: 'subscribe', courseId });
      await onA.waitFor((m) => m.type === 'subscribed');
      await onB.waitFor((m) => m.type === 'subscribed');
      const { jobId } = (await session.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons`, payload: {} })).body as {
        jobId: string;
      };
      expect(await waitForJob(session, jobId)).toMatchObject({ status: 'completed' });
      await onA.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId);
      await onB.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId);
      const a = onA.events(jobId).map((e) => e.seq);
      const b = onB.events(jobId).map((e) => e.seq);
      expect(a).toEqual(a.map((_, i) => i + 1));
      expect(b).toEqual(a);
      expect(onA.events(jobId).filter((e) => e.event === 'lesson.completed')).toHaveLength(4);
      await onA.close();
      await onB.close();
    } finally {
      await cluster.stop();
      await database.dispose();
      await redis.dispose();
    }
  });
});

const COURSES = 5;
const LESSONS_PER_MODULE = 2;
const LESSONS = COURSES * 2 * LESSONS_PER_MODULE;
/** Lessons finished (over all courses) before the kill: later, both workers are still busy. */
const KILL_AFTER_LESSONS = 5;

interface Run {
  session: Session;
  courseId: string;
  jobId: string;
  subscribers: ResumingSubscriber[];
}

/** A new organisation with one outlined course; the slowed offline provider makes each lesson take a few seconds. */
async function outlinedCourse(apiUrl: string, index: number): Promise<{ session: Session; courseId: string }> {
  const session = await signUp(apiUrl, `scale-out-${index}-${Date.now()}@example.com`);
  await session.call({ method: 'PUT', url: '/v1/plugins/ai-offline', payload: { enabled: true, config: { chunkDelayMs: 40 } } });
  return { session, courseId: await courseWithOutline(session, 2, LESSONS_PER_MODULE) };
}

/** Starts lesson generation on every course and follows each stream with one subscriber per API process. */
async function startGeneration(courses: Array<{ session: Session; courseId: string }>, urls: string[]): Promise<Run[]> {
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

describe.skipIf(!serverMode)('server mode: three API processes and two workers, one of each SIGKILLed mid-run', () => {
  it('every job completes exactly once and every subscriber ends with the whole stream, in order', { timeout: 150_000 }, async () => {
    const database = await createTestDatabase();
    const redis = createTestRedis();
    // A small stale time so the surviving worker's recovery sweep takes over the dead worker's jobs within seconds.
    const env = { ...database.env, ...redis.env, MIRAI_WORKER_CONCURRENCY: '3', MIRAI_JOB_STALE_SECONDS: '3' };
    const startedAt = Date.now();
    await migrate(env);
    const cluster = await startCluster('scale-out', { apis: 3, workers: 2 }, env);
    const urls = cluster.apis.map((api) => api.url);
    const [doomedApi, doomedWorker, survivingWorker] = [cluster.apis[0], cluster.workers[0], cluster.workers[1]];
    const survivingUrl = urls[1] ?? '';
    let runs: Run[] = [];
    try {
      if (doomedApi === undefined || doomedWorker === undefined || survivingWorker === undefined) throw new Error('the cluster is incomplete');
      const setupAt = Date.now();
      const courses = await Promise.all(Array.from({ length: COURSES }, (_, i) => outlinedCourse(urls[i % urls.length] ?? '', i)));
      const generationAt = Date.now();
      runs = await startGeneration(courses, urls);
      const watching = runs.flatMap((run) => run.subscribers.filter((s) => s.url === survivingUrl));
      const lessonsDone = () => watching.flatMap((s) => s.received).filter((e) => e.event === 'lesson.completed').length;
      await whenCount(watching, lessonsDone, KILL_AFTER_LESSONS, 60_000);

      const killedAt = Date.now();
      const onDoomedApi = runs.flatMap((run) => run.subscribers.filter((s) => s.url === doomedApi.url));
      await Promise.all([killHard(doomedApi), killHard(doomedWorker)]);
      await Promise.all(runs.flatMap((run) => run.subscribers.map((s) => s.finished(90_000))));
      const allEndedAt = Date.now();

      let events = 0;
      const resumedAt: number[] = [];
      for (const run of runs) {
        const surviving = { ...run.session, call: httpCaller(survivingUrl, run.session.token) };
        expect(await waitForJob(surviving, run.jobId, 10_000)).toMatchObject({ status: 'completed' });
        expect(await lessonVersionCounts(surviving, run.courseId)).toEqual(Array(2 * LESSONS_PER_MODULE).fill(1));
        const stored = await readStoredRun(database.env.DATABASE_URL ?? '', run.jobId, run.courseId);
        expectExactlyOnce(stored, 2 * LESSONS_PER_MODULE);
        // Every subscriber, moved or not, holds exactly the stored stream: same events, same order, no gap, no repeat.
        const expected = stored.events.map((e) => `${e.seq} ${e.type}`);
        for (const subscriber of run.subscribers) expect(subscriber.received.map((e) => `${e.seq} ${e.event}`)).toEqual(expected);
        events += stored.events.length;
        resumedAt.push(...stored.events.filter((e) => e.type === 'job.resumed').map((e) => e.at.getTime()));
      }
      // The dead worker's lessons, and only those, were resumed: none before the kill, at most as many as it ran at once.
      expect(resumedAt.length).toBeGreaterThan(0);
      expect(resumedAt.length).toBeLessThanOrEqual(Number(env.MIRAI_WORKER_CONCURRENCY));
      expect(Math.min(...resumedAt)).toBeGreaterThanOrEqual(killedAt);
      // Every subscriber of the killed API moved to a surviving one (resuming after its last seq); the others never dropped.
      expect(onDoomedApi).toHaveLength(COURSES);
      for (const subscriber of onDoomedApi) {
        expect(subscriber.reconnects.length).toBeGreaterThanOrEqual(1);
        expect(urls.slice(1)).toContain(subscriber.url);
      }
      for (const subscriber of runs.flatMap((run) => run.subscribers).filter((s) => !onDoomedApi.includes(s)))
        expect(subscriber.reconnects).toEqual([]);

      const reconnects = onDoomedApi.flatMap((s) => s.reconnects);
      const sweptAt = firstSweepResume(survivingWorker, killedAt) ?? Number.NaN;
      console.info(
        [
          `scale-out: ${COURSES} courses, ${LESSONS} lesson jobs + ${COURSES} fan-out jobs, ${events} stored events, ${runs.length * urls.length} subscribers`,
          `startup+migrate ${setupAt - startedAt} ms, outlines ${generationAt - setupAt} ms, generation to kill ${killedAt - generationAt} ms, kill to every stream ended ${allEndedAt - killedAt} ms`,
          `subscribers of the killed API resubscribed in ${reconnects.map((r) => r.ms).join(', ')} ms (afterSeq ${reconnects.map((r) => r.afterSeq).join(', ')})`,
          `the sweep re-sent the dead worker's jobs ${sweptAt - killedAt} ms after the kill; ${resumedAt.length} resumed ${Math.min(...resumedAt) - killedAt}–${Math.max(...resumedAt) - killedAt} ms after it`,
        ].join('\n'),
      );
    } finally {
      await Promise.all(runs.flatMap((run) => run.subscribers.map((s) => s.close())));
      await cluster.stop();
      await database.dispose();
      await redis.dispose();
    }
  });
});
