import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { buildServer, type MiraiServer } from '../../server.ts';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

// Sessions and caller views are cached in every API process; these tests change identity rows
// behind a warm cache and check the next request sees the change.
let t: TestServer;
let owner: SignedUp;

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('cache-owner@example.com');
});
afterAll(() => t.close());

type Inject = MiraiServer['app']['inject'];
const me = (inject: Inject, user: SignedUp) => inject({ method: 'GET', url: '/v1/me', headers: user.auth });

async function warm(inject: Inject, user: SignedUp): Promise<void> {
  expect((await me(inject, user)).statusCode).toBe(200);
  expect((await me(inject, user)).statusCode).toBe(200);
}

async function membershipOf(user: SignedUp): Promise<string> {
  const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: owner.auth })).json<{ items: { id: string; userId: string }[] }>();
  const id = members.items.find((m) => m.userId === user.userId)?.id;
  if (id === undefined) throw new Error('member not listed');
  return id;
}

describe('the identity cache of one process', () => {
  it('refuses a session revoked behind its back, by SQL rather than through the API', async () => {
    const author = await t.join(owner, 'cache-sql@example.com', 'author');
    await warm(t.inject, author);
    await t.server.orm.em.fork().execute('delete from session where user_id = ?', [author.userId]);
    expect((await me(t.inject, author)).statusCode).toBe(401);
  });

  it('sees a role change, an e-mail verification and a renamed organisation on the next request', async () => {
    const author = await t.join(owner, 'cache-role@example.com', 'author');
    await warm(t.inject, author);
    const membership = await membershipOf(author);
    expect(
      (await t.inject({ method: 'PATCH', url: `/v1/members/${membership}`, headers: owner.auth, payload: { role: 'learner' } })).statusCode,
    ).toBe(200);
    await t.server.orm.em.fork().execute('update app_user set email_verified_at = null where id = ?', [author.userId]);
    await t.server.orm.em.fork().execute("update tenant set name = 'Renamed Org' where id = ?", [owner.tenantId]);
    const body = (await me(t.inject, author)).json<{ role: string; user: { emailVerified: boolean }; tenant: { name: string } }>();
    expect(body).toMatchObject({ role: 'learner', user: { emailVerified: false }, tenant: { name: 'Renamed Org' } });
  });

  it('refuses a removed member at once', async () => {
    const author = await t.join(owner, 'cache-removed@example.com', 'author');
    await warm(t.inject, author);
    expect((await t.inject({ method: 'DELETE', url: `/v1/members/${await membershipOf(author)}`, headers: owner.auth })).statusCode).toBe(204);
    expect((await me(t.inject, author)).statusCode).toBe(401);
  });
});

/** Polls `check` until it holds; the replica hears a change when PostgreSQL's notice reaches it, not when the writer returns. */
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

  it('a logout on one replica is refused by the other, whose cache held the session', async () => {
    const author = await t.join(owner, 'cache-replica-logout@example.com', 'author');
    await warm(replica.app.inject.bind(replica.app), author);
    expect((await t.inject({ method: 'POST', url: '/v1/auth/logout', headers: author.auth })).statusCode).toBe(204);
    expect(await eventually(async () => (await me(replica.app.inject.bind(replica.app), author)).statusCode === 401)).toBe(true);
  });

  it('a member removed on one replica is refused by the other', async () => {
    const author = await t.join(owner, 'cache-replica-removed@example.com', 'author');
    await warm(replica.app.inject.bind(replica.app), author);
    expect((await t.inject({ method: 'DELETE', url: `/v1/members/${await membershipOf(author)}`, headers: owner.auth })).statusCode).toBe(204);
    expect(await eventually(async () => (await me(replica.app.inject.bind(replica.app), author)).statusCode === 401)).toBe(true);
  });
});
