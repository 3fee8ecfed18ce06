import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, createTestRedis, WsTestClient } from '@mirai/core/testing';
import { describe, expect, it } from 'vitest';
import { courseWithOutline, lessonVersionCounts, signUp, waitForJob } from '../support/generation-client.ts';
import { repoRoot } from '../support/paths.ts';
import { startApi } from '../support/start-api.ts';

const run = promisify(execFile);
const migrate = (env: Record<string, string>) =>
  run(process.execPath, [join(repoRoot, 'core', 'src', 'cli.ts'), 'migrate'], { env: { ...process.env, ...env } });

const serverMode = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '' && (process.env.MIRAI_TEST_REDIS_URL ?? '') !== '';

/** Starts lesson generation for a 2×3 course, slowed so a kill lands mid-run; returns the job. */
async function startSlowGeneration(apiUrl: string) {
  const session = await signUp(apiUrl, `crash-${Date.now()}@example.com`);
  await session.call({ method: 'PUT', url: '/v1/plugins/ai-offline', payload: { enabled: true, config: { chunkDelayMs: 25 } } });
  const courseId = await courseWithOutline(session, 2, 3);
  const { jobId } = (await session.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons`, payload: {} })).body as { jobId: string };
  const ws = await WsTestClient.connect(apiUrl, session.token);
  ws.send({ type: 'subscribe', jobId });
  // Kill once one lesson is saved and others are being written.
  await ws.waitFor((m) => m.event === 'lesson.completed', 60_000);
  await ws.close();
  return { session, courseId, jobId };
}

describe('SIGKILL in the middle of generation, then start again', () => {
  it('embedded: the restarted process finishes the course with every lesson exactly once', async () => {
    const database = await createTestDatabase();
    const dataDir = database.env.MIRAI_DATA_DIR ?? '';
    const env = { ...database.env, MIRAI_WORKER_CONCURRENCY: '2' };
    const first = await startApi(dataDir, 90_000, { name: 'crash-embedded-1', env });
    const { session, courseId, jobId } = await startSlowGeneration(first.url);
    first.service.child.kill('SIGKILL');
    await first.service.exited;
    await first.stop();

    const second = await startApi(dataDir, 90_000, { name: 'crash-embedded-2', env });
    try {
      const resumed = { ...session, call: (await import('@mirai/core/testing')).httpCaller(second.url, session.token) };
      expect(await waitForJob(resumed, jobId)).toMatchObject({ status: 'completed' });
      expect(await lessonVersionCounts(resumed, courseId)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(((await resumed.call({ method: 'GET', url: `/v1/courses/${courseId}` })).body as { status: string }).status).toBe('ready');
    } finally {
      await second.stop();
      await database.dispose();
    }
  });

  it.skipIf(!serverMode)('server mode: a new worker finishes what a killed worker left, every lesson exactly once', async () => {
    const database = await createTestDatabase();
    const redis = createTestRedis();
    const env = { ...database.env, ...redis.env, MIRAI_WORKER_CONCURRENCY: '2', MIRAI_JOB_STALE_SECONDS: '3' };
    await migrate(env);
    const apiOnly = await startApi(database.env.MIRAI_DATA_DIR ?? '', 90_000, { name: 'crash-server-api-only', command: 'start', env });
    const worker = await startApi(database.env.MIRAI_DATA_DIR ?? '', 90_000, { name: 'crash-server-worker-1', command: 'worker', env });
    try {
      const { session, courseId, jobId } = await startSlowGeneration(apiOnly.url);
      worker.service.child.kill('SIGKILL');
      await worker.service.exited;
      await worker.stop();
      const replacement = await startApi(database.env.MIRAI_DATA_DIR ?? '', 90_000, { name: 'crash-server-worker-2', command: 'worker', env });
      try {
        expect(await waitForJob(session, jobId)).toMatchObject({ status: 'completed' });
        expect(await lessonVersionCounts(session, courseId)).toEqual([1, 1, 1, 1, 1, 1]);
      } finally {
        await replacement.stop();
      }
    } finally {
      await worker.stop();
      await apiOnly.stop();
      await database.dispose();
      await redis.dispose();
    }
  });
});
