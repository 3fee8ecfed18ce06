import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroundedCourse, injectCaller } from '../testing/course-fixture.ts';
import { type SignedUp, startTestServer, type TestServer } from '../testing/test-server.ts';
import { WsTestClient } from '../testing/ws-client.ts';

// The hub's backstop for events Redis never delivered: when this process's subscription drops
// (a failover, a network cut), events published meanwhile are gone from pub/sub but stored, and the
// hub reads them back once the bus has resubscribed. The failover test cannot tell this apart from
// the cursor's gap filling (a later event reveals the gap), so here the lost event is the last one.
const redisUrl = process.env.MIRAI_TEST_REDIS_URL ?? '';

describe.skipIf(redisUrl === '')('server mode: an event lost while the Redis subscription was down', () => {
  let t: TestServer;
  let owner: SignedUp;
  let baseUrl: string;
  let admin: Redis;

  beforeAll(async () => {
    t = await startTestServer();
    baseUrl = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
    owner = await t.signup('catch-up@example.com');
    admin = new Redis(redisUrl);
  });
  afterAll(async () => {
    admin.disconnect();
    await t.close();
  });

  it('reaches the subscriber after the bus resubscribes, though nothing is published after it', async () => {
    const call = injectCaller(t, owner);
    const courseId = await createGroundedCourse(call);
    const { jobId } = (
      await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, payload: { moduleCount: 1, lessonsPerModule: 1 } })
    ).body as { jobId: string };
    const client = await WsTestClient.connect(baseUrl, owner.token);
    try {
      client.send({ type: 'subscribe', jobId });
      await client.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId, 60_000);
      const lastSeq = client.events(jobId).at(-1)?.seq ?? 0;

      // Stored but never published: what a publish into a dying primary amounts to.
      const { orm, background } = t.server;
      await orm.em.fork().transactional((tx) =>
        background.events.stage(tx, jobId, {
          type: 'job.progress',
          data: { jobId, kind: 'generate-outline', parentId: null, percent: 100, message: 'lost in transit' },
        }),
      );

      const name = `${t.env.MIRAI_QUEUE_NAMESPACE}:realtime-subscriber`;
      const clients = String(await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
      const ids = clients
        .split('\n')
        .filter((line) => line.includes(` name=${name} `))
        .map((line) => /\bid=(\d+)/.exec(line)?.[1] ?? '');
      expect(ids).toHaveLength(1);
      await admin.call('CLIENT', 'KILL', 'ID', ids[0] ?? '');

      const lost = await client.waitFor((m) => m.seq === lastSeq + 1, 30_000);
      expect(lost).toMatchObject({ event: 'job.progress', data: { message: 'lost in transit' } });
      expect(client.events(jobId).map((e) => e.seq)).toEqual(Array.from({ length: lastSeq + 1 }, (_, i) => i + 1));
    } finally {
      await client.close();
    }
  });
});
