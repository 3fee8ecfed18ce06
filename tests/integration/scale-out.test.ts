import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, createTestRedis, WsTestClient } from '@mirai/core/testing';
import { describe, expect, it } from 'vitest';
import { courseWithOutline, signUp, waitForJob } from '../support/generation-client.ts';
import { repoRoot } from '../support/paths.ts';
import { startApi } from '../support/start-api.ts';

const run = promisify(execFile);
const serverMode = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '' && (process.env.MIRAI_TEST_REDIS_URL ?? '') !== '';

describe.skipIf(!serverMode)('server mode: two API processes and one worker behind one Redis', () => {
  it('a subscriber on each API process receives every event of one job, in order', async () => {
    const database = await createTestDatabase();
    const redis = createTestRedis();
    const env = { ...database.env, ...redis.env };
    await run(process.execPath, [join(repoRoot, 'core', 'src', 'cli.ts'), 'migrate'], { env: { ...process.env, ...env } });
    const dataDir = database.env.MIRAI_DATA_DIR ?? '';
    const [apiA, apiB, worker] = await Promise.all([
      startApi(dataDir, 90_000, { name: 'scale-api-a', command: 'start', env }),
      startApi(dataDir, 90_000, { name: 'scale-api-b', command: 'start', env }),
      startApi(dataDir, 90_000, { name: 'scale-worker', command: 'worker', env }),
    ]);
    try {
      const session = await signUp(apiA.url, 'scale@example.com');
      const courseId = await courseWithOutline(session, 2, 2);
      const onA = await WsTestClient.connect(apiA.url, session.token);
      const onB = await WsTestClient.connect(apiB.url, session.token);
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
      await Promise.all([apiA.stop(), apiB.stop(), worker.stop()]);
      await database.dispose();
      await redis.dispose();
    }
  });
});
