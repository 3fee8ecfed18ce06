// The scale-out kill test against containers: deploy/ci/images.sh builds the images, runs two API
// replicas and one worker as the manifests do, and points this file at them. `docker kill` is a
// SIGKILL of the container's PID 1, like a node losing power. Skipped unless images.sh runs it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { httpCaller } from '@mirai/core/testing';
import { describe, expect, it } from 'vitest';
import { courseWithOutline, lessonVersionCounts, type Session, signUp, waitForJob } from '../support/generation-client.ts';
import { expectExactlyOnce, whenCount } from '../support/scale-out-run.ts';
import { readStoredRun } from '../support/scale-out-store.ts';
import { ResumingSubscriber } from '../support/scale-out-subscriber.ts';

const run = promisify(execFile);
const urls = (process.env.MIRAI_IMAGES_API_URLS ?? '').split(',').filter((url) => url !== '');
/** Containers to kill: one API replica (the first URL's) and the only worker. */
const doomed = (process.env.MIRAI_IMAGES_KILL ?? '').split(' ').filter((name) => name !== '');
/** Shell command that starts a replacement worker container and returns once it is ready. */
const startWorker = process.env.MIRAI_IMAGES_START_WORKER ?? '';
const databaseUrl = process.env.MIRAI_IMAGES_DATABASE_URL ?? '';

const COURSES = 3;
const LESSONS_PER_MODULE = 2;
const LESSONS = 2 * LESSONS_PER_MODULE;
/** Lessons finished before the kill; the worker (concurrency 3) is still busy with the rest. */
const KILL_AFTER_LESSONS = 2;

describe.skipIf(urls.length !== 2 || doomed.length !== 2 || startWorker === '' || databaseUrl === '')(
  'containers: an API replica and the worker docker-killed mid-generation',
  () => {
    it('every job completes exactly once and every subscriber ends with the whole stream', { timeout: 240_000 }, async () => {
      const [apiOne, apiTwo] = [urls[0] ?? '', urls[1] ?? ''];
      const runs: Array<{ session: Session; courseId: string; jobId: string; subscribers: ResumingSubscriber[] }> = [];
      try {
        for (let index = 0; index < COURSES; index++) {
          const session = await signUp(apiOne, `images-kill-${index}-${Date.now()}@example.com`);
          // The slowed offline provider makes each lesson take a few seconds, so the kill lands mid-run.
          await session.call({ method: 'PUT', url: '/v1/plugins/ai-offline', payload: { enabled: true, config: { chunkDelayMs: 40 } } });
          const courseId = await courseWithOutline(session, 2, LESSONS_PER_MODULE);
          const { jobId } = (await session.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons`, payload: {} })).body as {
            jobId: string;
          };
          const subscribers = await Promise.all(urls.map((_, home) => ResumingSubscriber.start(jobId, session.token, urls, home)));
          runs.push({ session, courseId, jobId, subscribers });
        }
        const onSurvivor = runs.flatMap((r) => r.subscribers.filter((s) => s.url === apiTwo));
        const lessonsDone = () => onSurvivor.flatMap((s) => s.received).filter((e) => e.event === 'lesson.completed').length;
        await whenCount(onSurvivor, lessonsDone, KILL_AFTER_LESSONS, 90_000);

        const killedAt = Date.now();
        const onKilled = runs.flatMap((r) => r.subscribers.filter((s) => s.url === apiOne));
        await run('docker', ['kill', ...doomed]);
        await run('bash', ['-c', startWorker], { timeout: 90_000 });
        await Promise.all(runs.flatMap((r) => r.subscribers.map((s) => s.finished(120_000))));

        let resumed = 0;
        for (const r of runs) {
          const survivor = { ...r.session, call: httpCaller(apiTwo, r.session.token) };
          expect(await waitForJob(survivor, r.jobId, 10_000)).toMatchObject({ status: 'completed' });
          expect(await lessonVersionCounts(survivor, r.courseId)).toEqual(Array(LESSONS).fill(1));
          const stored = await readStoredRun(databaseUrl, r.jobId, r.courseId);
          expectExactlyOnce(stored, LESSONS_PER_MODULE);
          const expected = stored.events.map((e) => `${e.seq} ${e.type}`);
          for (const subscriber of r.subscribers) expect(subscriber.received.map((e) => `${e.seq} ${e.event}`)).toEqual(expected);
          const resumedAt = stored.events.filter((e) => e.type === 'job.resumed').map((e) => e.at.getTime());
          for (const at of resumedAt) expect(at).toBeGreaterThanOrEqual(killedAt);
          resumed += resumedAt.length;
        }
        // The kill landed mid-generation: the replacement worker resumed the killed one's lessons.
        expect(resumed).toBeGreaterThan(0);
        // Subscribers of the killed replica moved to the survivor and caught up; the survivor's never dropped.
        expect(onKilled).toHaveLength(COURSES);
        for (const subscriber of onKilled) {
          expect(subscriber.reconnects.length).toBeGreaterThanOrEqual(1);
          expect(subscriber.url).toBe(apiTwo);
        }
        for (const subscriber of onSurvivor) expect(subscriber.reconnects).toEqual([]);
        console.info(
          `images kill test: ${COURSES} courses, ${COURSES * LESSONS} lessons, ${resumed} resumed by the replacement worker; ` +
            `killed-replica subscribers resubscribed in ${onKilled.flatMap((s) => s.reconnects.map((c) => c.ms)).join(', ')} ms`,
        );
      } finally {
        await Promise.all(runs.flatMap((r) => r.subscribers.map((s) => s.close())));
      }
    });
  },
);
