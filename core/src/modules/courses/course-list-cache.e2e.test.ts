import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { buildServer, type MiraiServer } from '../../server.ts';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { WRITING_KINDS } from './course-status.ts';

// Every API process keeps serialised pages of the course list; these tests change courses, their
// lessons and jobs behind a warm cache (through the routes, and by SQL as a worker or psql would)
// and check the next list sees the change, for the right organisation and role only.
let t: TestServer;
let owner: SignedUp;

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('list-cache-owner@example.com');
}, 180_000);
afterAll(() => t.close());

type Inject = MiraiServer['app']['inject'];
interface Listed {
  id: string;
  title: string;
  status: string;
  tags: string[];
}

/** Asks twice, so the second answer comes from the cache when the first was kept. */
async function list(who: SignedUp, query = '', inject: Inject = t.inject): Promise<Listed[]> {
  await inject({ method: 'GET', url: `/v1/courses?limit=100${query}`, headers: who.auth });
  const response = await inject({ method: 'GET', url: `/v1/courses?limit=100${query}`, headers: who.auth });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  return response.json<{ items: Listed[] }>().items;
}
const find = async (who: SignedUp, id: string, query = '') => (await list(who, query)).find((course) => course.id === id);
const send = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.inject({ method, url, headers: owner.auth, ...(payload === undefined ? {} : { payload }) });
const sql = (statement: string, params: unknown[]) => t.server.orm.em.fork().execute(statement, params);

describe('the course list cache of one process', () => {
  it('sees every change made through the course, outline, lesson, lifecycle and publishing routes on the next list', async () => {
    await list(owner);
    const created = await send('POST', '/v1/courses', { title: 'Cached course', desiredOutcome: 'Lift safely' });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect(await find(owner, id)).toMatchObject({ title: 'Cached course', status: 'draft' });

    await list(owner, '&tag=forklift');
    expect((await send('PATCH', `/v1/courses/${id}`, { title: 'Renamed course', tags: ['Forklift'] })).statusCode).toBe(200);
    expect(await find(owner, id)).toMatchObject({ title: 'Renamed course', tags: ['forklift'] });
    expect(await find(owner, id, '&tag=forklift')).toMatchObject({ id });

    const outline = await send('PUT', `/v1/courses/${id}/outline`, {
      modules: [{ title: 'Basics', lessons: [{ title: 'Posture', objectives: ['Keep a straight back'] }] }],
    });
    expect(outline.statusCode).toBe(200);
    const lessonId = outline.json<{ modules: { lessons: { id: string }[] }[] }>().modules[0]?.lessons[0]?.id;
    expect((await find(owner, id))?.status).toBe('draft');
    const blocks = await send('PUT', `/v1/lessons/${lessonId}/blocks`, { blocks: [{ id: 'b1', type: 'markdown', markdown: 'Bend the knees.' }] });
    expect(blocks.statusCode).toBe(200);
    expect((await find(owner, id))?.status).toBe('ready');

    await list(owner, '&archived=true');
    expect((await send('POST', `/v1/courses/${id}/archive`)).statusCode).toBe(200);
    expect(await find(owner, id)).toBeUndefined();
    expect(await find(owner, id, '&archived=true')).toMatchObject({ id });
    expect((await send('POST', `/v1/courses/${id}/unarchive`)).statusCode).toBe(200);
    expect(await find(owner, id)).toMatchObject({ id });

    const copy = await send('POST', `/v1/courses/${id}/duplicate`, {});
    expect(copy.statusCode).toBe(201);
    expect(await find(owner, copy.json<{ id: string }>().id)).toMatchObject({ title: 'Copy of Renamed course' });

    expect((await send('POST', `/v1/courses/${id}/publish`)).statusCode).toBeLessThan(300);
    expect((await find(owner, id))?.status).toBe('published');
    expect((await send('DELETE', `/v1/courses/${copy.json<{ id: string }>().id}`)).statusCode).toBe(204);
    expect(await find(owner, copy.json<{ id: string }>().id)).toBeUndefined();
  });

  it('sees writes that bypass the API: a worker job writing lessons, a lesson written, a course renamed by SQL', async () => {
    const id = (await send('POST', '/v1/courses', { title: 'Worked course', desiredOutcome: 'Lift safely' })).json<{ id: string }>().id;
    expect((await find(owner, id))?.status).toBe('draft');
    const jobId = randomUUID();
    await sql(`insert into job (id, tenant_id, kind, status, payload, course_id, stream_job_id) values (?, ?, ?, 'running', '{}'::jsonb, ?, ?)`, [
      jobId,
      owner.tenantId,
      WRITING_KINDS[0],
      id,
      jobId,
    ]);
    expect((await find(owner, id))?.status).toBe('generating');
    await sql(`update job set status = 'completed' where id = ?`, [jobId]);
    expect((await find(owner, id))?.status).toBe('draft');
    await sql('update course set title = ? where id = ?', ['Renamed by SQL', id]);
    expect((await find(owner, id))?.title).toBe('Renamed by SQL');
    await sql('delete from job where id = ?', [jobId]);
  });

  it('never answers one organisation or role with what it kept for another', async () => {
    const id = (await send('POST', '/v1/courses', { title: 'Only ours', desiredOutcome: 'Lift safely' })).json<{ id: string }>().id;
    expect(await find(owner, id)).toBeDefined();
    const stranger = await t.signup('list-cache-stranger@example.com');
    expect(await list(stranger)).toEqual([]);
    const learner = await t.join(owner, 'list-cache-learner@example.com', 'learner');
    expect((await t.inject({ method: 'GET', url: '/v1/courses?limit=100', headers: learner.auth })).statusCode).toBe(403);
    const author = await t.join(owner, 'list-cache-author@example.com', 'author');
    expect((await list(author)).map((course) => course.id)).toContain(id);
    const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: owner.auth })).json<{ items: { id: string; userId: string }[] }>();
    const membership = members.items.find((member) => member.userId === author.userId)?.id;
    expect((await send('PATCH', `/v1/members/${membership}`, { role: 'learner' })).statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: '/v1/courses?limit=100', headers: author.auth })).statusCode).toBe(403);
  });
});

/** Polls `check` until it holds; a replica hears a change when PostgreSQL's notice reaches it, not when the writer returns. */
async function eventually(check: () => Promise<boolean>, withinMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

const serverMode = process.env.MIRAI_TEST_DATABASE_URL !== undefined && process.env.MIRAI_TEST_DATABASE_URL !== '';
describe.skipIf(!serverMode)('two API replicas on one database', () => {
  let replica: MiraiServer;
  beforeAll(async () => {
    replica = await buildServer(loadConfig(t.env), { role: 'api' });
  });
  afterAll(() => replica.close());

  const onReplica = (query = '') => list(owner, query, replica.app.inject.bind(replica.app) as Inject);

  it('a course created, renamed and archived on one replica is listed so by the other, whose cache held the list', async () => {
    await onReplica();
    const id = (await send('POST', '/v1/courses', { title: 'Replicated', desiredOutcome: 'Lift safely' })).json<{ id: string }>().id;
    expect(await eventually(async () => (await onReplica()).some((course) => course.id === id))).toBe(true);
    expect((await send('PATCH', `/v1/courses/${id}`, { title: 'Replicated, renamed' })).statusCode).toBe(200);
    expect(await eventually(async () => (await onReplica()).find((course) => course.id === id)?.title === 'Replicated, renamed')).toBe(true);
    expect((await send('POST', `/v1/courses/${id}/archive`)).statusCode).toBe(200);
    expect(await eventually(async () => !(await onReplica()).some((course) => course.id === id))).toBe(true);
  });

  it("lists another organisation's courses apart on the replica too", async () => {
    const stranger = await t.signup('list-cache-replica-stranger@example.com');
    const strangers = replica.app.inject.bind(replica.app) as Inject;
    expect(await list(stranger, '', strangers)).toEqual([]);
    const id = (await send('POST', '/v1/courses', { title: 'Not theirs', desiredOutcome: 'Lift safely' })).json<{ id: string }>().id;
    expect(await eventually(async () => (await onReplica()).some((course) => course.id === id))).toBe(true);
    expect(await list(stranger, '', strangers)).toEqual([]);
  });
});
