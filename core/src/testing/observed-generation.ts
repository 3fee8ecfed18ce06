import { loadConfig } from '../config/config.ts';
import { outlineJob } from '../modules/generation/generation-jobs.ts';
import { buildServer, type MiraiServer } from '../server.ts';
import { createGroundedCourse, injectCaller, waitForJob } from './course-fixture.ts';
import { startTestServer } from './test-server.ts';
import type { SignedUp, TestServer } from './test-server-contract.ts';
import { WsTestClient } from './ws-client.ts';

/** Server mode (PostgreSQL and Redis given): an API process and a separate worker, as deployed; embedded: one process doing both. */
export const SERVER_MODE = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '' && (process.env.MIRAI_TEST_REDIS_URL ?? '') !== '';

export interface ObservedDeployment {
  api: TestServer;
  /** The process that ran the jobs: a `worker` role server in server mode, the API itself in embedded mode. */
  worker: MiraiServer;
  baseUrl: string;
  owner: SignedUp;
  close(): Promise<void>;
}

export async function startObservedDeployment(env: Record<string, string> = {}): Promise<ObservedDeployment> {
  const api = await startTestServer(env, { role: SERVER_MODE ? 'api' : 'all' });
  let worker: MiraiServer = api.server;
  try {
    if (SERVER_MODE) worker = await buildServer(loadConfig(api.env), { role: 'worker' });
    const baseUrl = await api.server.app.listen({ port: 0, host: '127.0.0.1' });
    const owner = await api.signup('observer@example.com', 'Observed Co');
    return {
      api,
      worker,
      baseUrl,
      owner,
      async close() {
        if (worker !== api.server) await worker.close();
        await api.close();
      },
    };
  } catch (error) {
    if (worker !== api.server) await worker.close();
    await api.close();
    throw error;
  }
}

/** One outline generation by the offline generator, watched over a websocket that stays open (returned). */
export async function generateOutline(deployment: ObservedDeployment): Promise<{ jobId: string; courseId: string; ws: WsTestClient }> {
  const call = injectCaller(deployment.api, deployment.owner);
  const courseId = await createGroundedCourse(call);
  const ws = await WsTestClient.connect(deployment.baseUrl, deployment.owner.token);
  ws.send({ type: 'subscribe', courseId });
  await ws.waitFor((message) => message.type === 'subscribed');
  const started = await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, payload: { moduleCount: 1, lessonsPerModule: 2 } });
  if (started.status !== 202) throw new Error(`generate-outline answered ${started.status}: ${JSON.stringify(started.body)}`);
  const { jobId } = started.body as { jobId: string };
  const job = await waitForJob(call, jobId);
  if (job.status !== 'completed') throw new Error(`the ${outlineJob.kind} job ended ${job.status}: ${job.error}`);
  await ws.waitFor((message) => message.event === 'job.completed' && message.data?.jobId === jobId);
  return { jobId, courseId, ws };
}
