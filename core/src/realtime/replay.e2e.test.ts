import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroundedCourse, injectCaller } from '../testing/course-fixture.ts';
import { type SignedUp, startTestServer, type TestServer } from '../testing/test-server.ts';
import { WsTestClient } from '../testing/ws-client.ts';

let t: TestServer;
let owner: SignedUp;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestServer();
  baseUrl = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
  owner = await t.signup('replay@example.com');
  // Slow the offline provider's stream so a client can drop out halfway through.
  await t.inject({ method: 'PUT', url: '/v1/plugins/ai-offline', headers: owner.auth, payload: { enabled: true, config: { chunkDelayMs: 4 } } });
});
afterAll(() => t.close());

describe('reconnect and replay', () => {
  it('a client that reconnects with its last seq receives exactly the events it missed, in order', async () => {
    const call = injectCaller(t, owner);
    const courseId = await createGroundedCourse(call);
    const outline = await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, payload: { moduleCount: 2, lessonsPerModule: 2 } });
    const outlineJob = (outline.body as { jobId: string }).jobId;
    const watcher = await WsTestClient.connect(baseUrl, owner.token);
    watcher.send({ type: 'subscribe', jobId: outlineJob });
    await watcher.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === outlineJob);
    await watcher.close();

    const { jobId } = (await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons`, payload: {} })).body as { jobId: string };
    const first = await WsTestClient.connect(baseUrl, owner.token);
    first.send({ type: 'subscribe', jobId });
    await first.waitFor((m) => m.event === 'lesson.delta');
    await first.waitFor(() => first.events(jobId).length >= 5);
    await first.close();
    const seen = first.events(jobId);
    const lastSeq = seen.at(-1)?.seq ?? 0;

    // The job goes on while nobody listens.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await WsTestClient.connect(baseUrl, owner.token);
    second.send({ type: 'subscribe', jobId, afterSeq: lastSeq });
    await second.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId, 60_000);
    const resumed = second.events(jobId);
    await second.close();

    const all = [...seen, ...resumed];
    expect(resumed[0]?.seq).toBe(lastSeq + 1);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const stored = await t.server.background.events.after(jobId, 0);
    expect(all.map((e) => [e.seq, e.event])).toEqual(stored.map((e) => [e.seq, e.type]));
    expect(all.filter((e) => e.event === 'lesson.completed')).toHaveLength(4);
  });

  it('two subscribers of one job each get the whole stream, and a slow one does not delay the other', async () => {
    const call = injectCaller(t, owner);
    const courseId = await createGroundedCourse(call, 'Second course');
    const { jobId } = (
      await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, payload: { moduleCount: 1, lessonsPerModule: 2 } })
    ).body as { jobId: string };
    const fast = await WsTestClient.connect(baseUrl, owner.token);
    const stalled = await WsTestClient.connect(baseUrl, owner.token);
    stalled.socket.pause();
    fast.send({ type: 'subscribe', jobId });
    stalled.send({ type: 'subscribe', jobId });
    await fast.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId);
    stalled.socket.resume();
    await stalled.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId);
    expect(stalled.events(jobId).map((e) => e.seq)).toEqual(fast.events(jobId).map((e) => e.seq));
    await fast.close();
    await stalled.close();
  });

  it('a course subscriber that meets a job halfway gets its whole stream from the first event, without asking', async () => {
    const call = injectCaller(t, owner);
    const courseId = await createGroundedCourse(call, 'Third course');
    const outline = (
      await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, payload: { moduleCount: 2, lessonsPerModule: 2 } })
    ).body as { jobId: string };
    const watcher = await WsTestClient.connect(baseUrl, owner.token);
    watcher.send({ type: 'subscribe', jobId: outline.jobId });
    await watcher.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === outline.jobId);
    await watcher.close();
    // Lessons stream for a while (the slowed provider), so the course subscriber joins halfway.
    const { jobId } = (await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons`, payload: {} })).body as { jobId: string };
    const early = await WsTestClient.connect(baseUrl, owner.token);
    early.send({ type: 'subscribe', jobId });
    await early.waitFor(() => early.events(jobId).length >= 3);
    const late = await WsTestClient.connect(baseUrl, owner.token);
    late.send({ type: 'subscribe', courseId });
    await late.waitFor((m) => m.event === 'job.completed' && m.data?.jobId === jobId, 60_000);
    const seen = late.events(jobId);
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
    expect(seen[0]?.event).toBe('job.queued');
    await early.close();
    await late.close();
  });
});
