import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { buildServer } from '../server.ts';
import { createGroundedCourse, injectCaller } from '../testing/course-fixture.ts';
import { type SignedUp, startTestServer, type TestServer } from '../testing/test-server.ts';
import { WsTestClient } from '../testing/ws-client.ts';
import { ACCESS_CHANGED_CLOSE_CODE } from './subscription-hub.ts';

let t: TestServer;
let owner: SignedUp;
let baseUrl: string;
let courseId: string;
let jobId: string;

beforeAll(async () => {
  t = await startTestServer();
  baseUrl = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
  owner = await t.signup('socket-owner@example.com');
  const call = injectCaller(t, owner);
  courseId = await createGroundedCourse(call);
  const started = await call({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, payload: { moduleCount: 1, lessonsPerModule: 1 } });
  jobId = (started.body as { jobId: string }).jobId;
  const watcher = await WsTestClient.connect(baseUrl, owner.token);
  watcher.send({ type: 'subscribe', jobId });
  await watcher.waitFor((m) => m.event === 'job.completed');
  await watcher.close();
});
afterAll(() => t.close());

/** A socket of `user`, subscribed to the course (as an author's page is). */
async function courseSocket(user: SignedUp): Promise<WsTestClient> {
  const socket = await WsTestClient.connect(baseUrl, user.token);
  socket.send({ type: 'subscribe', courseId });
  await socket.waitFor((m) => m.type === 'subscribed' && m.courseId === courseId);
  return socket;
}

describe('websocket subscriptions follow the REST rules', () => {
  it('a learner is refused the job and the course over the socket exactly as over REST, and sees none of the drafts', async () => {
    const learner = await t.join(owner, 'socket-learner@example.com', 'learner');
    expect((await t.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: learner.auth })).statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: `/v1/courses/${courseId}`, headers: learner.auth })).statusCode).toBe(403);

    const socket = await WsTestClient.connect(baseUrl, learner.token);
    socket.send({ type: 'subscribe', jobId });
    socket.send({ type: 'subscribe', courseId });
    socket.send({ type: 'ping' });
    await socket.waitFor((m) => m.type === 'pong');
    await socket.waitFor(() => socket.messages.filter((m) => m.type === 'error').length === 2);
    await socket.close();
    expect(socket.messages.filter((m) => m.type === 'error').map((m) => m.code)).toEqual(['MIRAI_ERR_AUTH_FORBIDDEN', 'MIRAI_ERR_AUTH_FORBIDDEN']);
    expect(socket.messages.filter((m) => m.type === 'event' || m.type === 'subscribed')).toEqual([]);
  });

  it('an author of the organisation still replays the job over the socket and reads it over REST', async () => {
    const author = await t.join(owner, 'socket-author@example.com', 'author');
    expect((await t.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: author.auth })).statusCode).toBe(200);
    const socket = await WsTestClient.connect(baseUrl, author.token);
    socket.send({ type: 'subscribe', jobId });
    await socket.waitFor((m) => m.event === 'outline.completed');
    await socket.close();
  });
});

describe('an open socket ends with the access it was opened under', () => {
  it('signing out closes the sockets of that session', async () => {
    const author = await t.join(owner, 'socket-logout@example.com', 'author');
    const socket = await courseSocket(author);
    expect((await t.inject({ method: 'POST', url: '/v1/auth/logout', headers: author.auth })).statusCode).toBe(204);
    expect((await socket.closedWithin()).code).toBe(ACCESS_CHANGED_CLOSE_CODE);
  });

  it("removing a member closes the member's sockets, and only theirs", async () => {
    const author = await t.join(owner, 'socket-removed@example.com', 'author');
    const bystander = await courseSocket(owner);
    const socket = await courseSocket(author);
    const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: owner.auth })).json<{ items: { id: string; userId: string }[] }>();
    const membership = members.items.find((m) => m.userId === author.userId)?.id;
    expect((await t.inject({ method: 'DELETE', url: `/v1/members/${membership}`, headers: owner.auth })).statusCode).toBe(204);
    expect((await socket.closedWithin()).code).toBe(ACCESS_CHANGED_CLOSE_CODE);
    bystander.send({ type: 'ping' });
    await bystander.waitFor((m) => m.type === 'pong');
    await bystander.close();
  });

  it("downgrading an author to learner closes their sockets; reconnecting gets the learner's refusal", async () => {
    const author = await t.join(owner, 'socket-downgraded@example.com', 'author');
    const socket = await courseSocket(author);
    const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: owner.auth })).json<{ items: { id: string; userId: string }[] }>();
    const membership = members.items.find((m) => m.userId === author.userId)?.id;
    const changed = await t.inject({ method: 'PATCH', url: `/v1/members/${membership}`, headers: owner.auth, payload: { role: 'learner' } });
    expect(changed.statusCode).toBe(200);
    expect((await socket.closedWithin()).code).toBe(ACCESS_CHANGED_CLOSE_CODE);
    const again = await WsTestClient.connect(baseUrl, author.token);
    again.send({ type: 'subscribe', courseId });
    expect((await again.waitFor((m) => m.type === 'error')).code).toBe('MIRAI_ERR_AUTH_FORBIDDEN');
    await again.close();
  });

  const serverMode = process.env.MIRAI_TEST_REDIS_URL !== undefined && process.env.MIRAI_TEST_DATABASE_URL !== undefined;
  it.skipIf(!serverMode)('a logout on one API replica closes the socket held by another (Redis bus)', async () => {
    const replica = await buildServer(loadConfig(t.env), { role: 'api' });
    try {
      const replicaUrl = await replica.app.listen({ port: 0, host: '127.0.0.1' });
      const author = await t.join(owner, 'socket-replicas@example.com', 'author');
      const socket = await WsTestClient.connect(replicaUrl, author.token);
      socket.send({ type: 'subscribe', courseId });
      await socket.waitFor((m) => m.type === 'subscribed');
      expect((await t.inject({ method: 'POST', url: '/v1/auth/logout', headers: author.auth })).statusCode).toBe(204);
      expect((await socket.closedWithin()).code).toBe(ACCESS_CHANGED_CLOSE_CODE);
    } finally {
      await replica.close();
    }
  });
});
