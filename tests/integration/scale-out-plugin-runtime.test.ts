// Issue 13 item 5 in server mode: an API and a worker whose sandboxed plugins run on a separate
// `mirai plugin-runtime` process, which is SIGKILLed while a worker's export is inside the plugin.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, createTestRedis } from '@mirai/core/testing';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { courseWithOutline, type Session, signUp, waitForJob } from '../support/generation-client.ts';
import { repoRoot } from '../support/paths.ts';
import { startPluginRuntime } from '../support/plugin-runtime-process.ts';
import { killHard, migrate, startCluster } from '../support/scale-out-cluster.ts';

const serverMode = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '' && (process.env.MIRAI_TEST_REDIS_URL ?? '') !== '';
const token = 'scale-out-runtime-token-0123456789abcdef';

interface JobView {
  status: string;
  progressMessage: string | null;
  error: string | null;
}

async function jobOf(session: Session, jobId: string): Promise<JobView> {
  return (await session.call({ method: 'GET', url: `/v1/jobs/${jobId}` })).body as JobView;
}

async function exportCourse(session: Session, courseId: string, settings: Record<string, number>): Promise<{ jobId: string; exportId: string }> {
  const started = await session.call({ method: 'POST', url: `/v1/courses/${courseId}/exports`, payload: { format: 'acme-notes', settings } });
  if (started.status !== 202) throw new Error(`export refused: ${started.status} ${JSON.stringify(started.body)}`);
  return started.body as { jobId: string; exportId: string };
}

describe.skipIf(!serverMode)('server mode: the plugin runtime SIGKILLed while a worker is inside a sandboxed export', () => {
  it('fails that export with the runtime-lost error, and once the runtime is back the next export completes while the API served throughout', {
    timeout: 240_000,
  }, async () => {
    const database = await createTestDatabase();
    const redis = createTestRedis();
    const port = await freePort();
    let runtime = await startPluginRuntime('scale-out-plugin-runtime-a', port, token);
    const work = await mkdtemp(join(tmpdir(), 'mirai-scale-out-runtime-'));
    // A copy: tests/fixtures is trusted (in-process) like the repository's plugins/; this one must be sandboxed.
    await cp(join(repoRoot, 'tests/fixtures/sandbox-partner'), join(work, 'plugins', 'sandbox-partner'), { recursive: true });
    const env = {
      ...database.env,
      ...redis.env,
      MIRAI_PLUGIN_PATHS: join(work, 'plugins'),
      MIRAI_PLUGINS_ALLOW_UNSIGNED: 'true',
      MIRAI_PLUGIN_RUNTIME_URL: `tcp://127.0.0.1:${port}`,
      MIRAI_PLUGIN_RUNTIME_TOKEN: token,
    };
    await migrate(env);
    const cluster = await startCluster('scale-out-runtime', { apis: 1, workers: 1 }, env);
    const [api, worker] = [cluster.apis[0], cluster.workers[0]];
    try {
      if (api === undefined || worker === undefined) throw new Error('the cluster is incomplete');
      const session = await signUp(api.url, 'runtime-kill@example.com');
      expect((await session.call({ method: 'PUT', url: '/v1/plugins/acme-notes', payload: { enabled: true } })).status).toBe(200);
      const courseId = await courseWithOutline(session, 2, 1);

      // The plugin writes the first module, reports it, then waits: the worker's call is in the runtime.
      const cut = await exportCourse(session, courseId, { pauseMs: 60_000 });
      const deadline = Date.now() + 60_000;
      while ((await jobOf(session, cut.jobId)).progressMessage !== 'module 1') {
        if (Date.now() > deadline) throw new Error(`the export never reached the plugin: ${JSON.stringify(await jobOf(session, cut.jobId))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await killHard({ url: `tcp://127.0.0.1:${port}`, service: runtime, stop: () => runtime.stop() });

      // The call in flight fails with the runtime-lost error (its job records the message), at once rather than at the call's time limit.
      const failed = await waitForJob(session, cut.jobId, 30_000);
      expect(failed).toMatchObject({ status: 'failed' });
      expect(failed.error).toMatch(/connection to the plugin runtime at .* was lost during the call; retry it/);
      // The API and the worker carry on (neither process died), and the API answers.
      expect(api.service.child.exitCode).toBeNull();
      expect(worker.service.child.exitCode).toBeNull();
      expect((await session.call({ method: 'GET', url: '/v1/me' })).status).toBe(200);

      // The runtime restarts (the Deployment would); the next export reconnects, starts the plugin there again and completes.
      runtime = await startPluginRuntime('scale-out-plugin-runtime-b', port, token);
      const next = await exportCourse(session, courseId, { pauseMs: 0 });
      expect(await waitForJob(session, next.jobId, 60_000)).toMatchObject({ status: 'completed' });
      const link = (await session.call({ method: 'GET', url: `/v1/exports/${next.exportId}/download` })).body as { url: string };
      const text = await (await fetch(new URL(link.url, api.url))).text();
      expect(text).toContain('# ');
      expect(worker.service.child.exitCode).toBeNull();
    } finally {
      await cluster.stop();
      await runtime.stop();
      await database.dispose();
      await redis.dispose();
      await rm(work, { recursive: true, force: true });
    }
  });
});
