import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootsWithFixtures } from '../../testing/plugin-fixtures.ts';
import { type SignedUp, startTestServer, TEST_PASSWORD, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
let a: SignedUp;
let b: SignedUp;
let bCourse: string;
let bMember: string;
let bInvitation: string;

async function joinAs(owner: SignedUp, email: string, role: string): Promise<SignedUp> {
  const { token } = (
    await t.inject({ method: 'POST', url: '/v1/invitations', headers: owner.auth, payload: { email, role, delivery: 'link' } })
  ).json();
  const joined = (
    await t.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email, password: TEST_PASSWORD, invitationToken: token } })
  ).json();
  return { token: joined.token, userId: joined.user.id, tenantId: joined.tenant.id, email, auth: { authorization: `Bearer ${joined.token}` } };
}

beforeAll(async () => {
  t = await startTestServer({}, { pluginRoots: await rootsWithFixtures('configurable') });
  a = await t.signup('owner-a@example.com', 'Tenant A');
  b = await t.signup('owner-b@example.com', 'Tenant B');
  bCourse = (await t.inject({ method: 'POST', url: '/v1/courses', headers: b.auth, payload: { title: 'B secret course' } })).json().id;
  const bAuthor = await joinAs(b, 'author-b@example.com', 'author');
  bMember = (await t.inject({ method: 'GET', url: '/v1/members', headers: b.auth }))
    .json()
    .items.find((m: { userId: string }) => m.userId === bAuthor.userId).id;
  bInvitation = (
    await t.inject({ method: 'POST', url: '/v1/invitations', headers: b.auth, payload: { email: 'pending-b@example.com', role: 'learner' } })
  ).json().id;
  await t.inject({
    method: 'PUT',
    url: '/v1/plugins/configurable',
    headers: b.auth,
    payload: { enabled: true, config: { apiKey: 'b-secret-key', model: 'large' } },
  });
});
afterAll(() => t.close());

describe('tenant isolation: a user of tenant A', () => {
  it('does not see tenant B objects in lists', async () => {
    expect((await t.inject({ method: 'GET', url: '/v1/courses', headers: a.auth })).json().items).toEqual([]);
    // Tenant B's own list shows its course exactly as the course's own route does (status, timestamps).
    const single = (await t.inject({ method: 'GET', url: `/v1/courses/${bCourse}`, headers: b.auth })).json();
    expect((await t.inject({ method: 'GET', url: '/v1/courses', headers: b.auth })).json().items).toEqual([single]);
    const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: a.auth })).json().items;
    expect(members.map((m: { email: string }) => m.email)).toEqual(['owner-a@example.com']);
    expect((await t.inject({ method: 'GET', url: '/v1/invitations', headers: a.auth })).json().items).toEqual([]);
    const plugin = (await t.inject({ method: 'GET', url: '/v1/plugins', headers: a.auth }))
      .json()
      .items.find((p: { name: string }) => p.name === 'configurable');
    expect(plugin).toMatchObject({ enabled: false, config: {}, secretsSet: [] });
  });

  it('cannot read, change or delete a tenant B course by id', async () => {
    const url = `/v1/courses/${bCourse}`;
    for (const request of [
      { method: 'GET' as const, url },
      { method: 'PATCH' as const, url, payload: { title: 'hijacked' } },
      { method: 'DELETE' as const, url },
    ]) {
      const response = await t.inject({ ...request, headers: a.auth });
      expect(response.statusCode, `${request.method} ${url}`).toBe(404);
      expect(response.json().code).toBe('MIRAI_ERR_COURSE_NOT_FOUND');
    }
    const still = await t.inject({ method: 'GET', url, headers: b.auth });
    expect(still.json().title).toBe('B secret course');
  });

  it('cannot change the role of, or remove, a tenant B member by id', async () => {
    const patch = await t.inject({ method: 'PATCH', url: `/v1/members/${bMember}`, headers: a.auth, payload: { role: 'admin' } });
    const remove = await t.inject({ method: 'DELETE', url: `/v1/members/${bMember}`, headers: a.auth });
    expect([patch.statusCode, remove.statusCode]).toEqual([404, 404]);
    const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: b.auth })).json().items;
    expect(members.find((m: { id: string }) => m.id === bMember).role).toBe('author');
  });

  it('cannot revoke a tenant B invitation by id', async () => {
    expect((await t.inject({ method: 'DELETE', url: `/v1/invitations/${bInvitation}`, headers: a.auth })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: '/v1/invitations', headers: b.auth })).json().items).toHaveLength(1);
  });

  it("configuring a plugin changes only A's installation", async () => {
    await t.inject({
      method: 'PUT',
      url: '/v1/plugins/configurable',
      headers: a.auth,
      payload: { enabled: true, config: { apiKey: 'a-secret-key', model: 'small' } },
    });
    const bPlugin = (await t.inject({ method: 'GET', url: '/v1/plugins', headers: b.auth }))
      .json()
      .items.find((p: { name: string }) => p.name === 'configurable');
    expect(bPlugin.config).toEqual({ model: 'large' });
  });
});

describe('roles', () => {
  it('a learner cannot manage plugins, members or courses', async () => {
    const learner = await joinAs(a, 'learner-a@example.com', 'learner');
    const attempts = [
      { method: 'GET' as const, url: '/v1/plugins' },
      { method: 'PUT' as const, url: '/v1/plugins/configurable', payload: { enabled: false } },
      { method: 'GET' as const, url: '/v1/members' },
      { method: 'POST' as const, url: '/v1/invitations', payload: { email: 'x@example.com', role: 'owner' } },
      { method: 'POST' as const, url: '/v1/courses', payload: { title: 'nope' } },
    ];
    for (const attempt of attempts) {
      const response = await t.inject({ ...attempt, headers: learner.auth });
      expect(response.statusCode, `${attempt.method} ${attempt.url}`).toBe(403);
      expect(response.json().code).toBe('MIRAI_ERR_AUTH_FORBIDDEN');
    }
  });

  it('an admin cannot create or demote owners; the last owner cannot leave', async () => {
    const admin = await joinAs(a, 'admin-a@example.com', 'admin');
    const invite = await t.inject({
      method: 'POST',
      url: '/v1/invitations',
      headers: admin.auth,
      payload: { email: 'boss@example.com', role: 'owner' },
    });
    expect(invite.statusCode).toBe(403);
    const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: a.auth })).json().items;
    const ownerMembership = members.find((m: { role: string }) => m.role === 'owner').id;
    expect(
      (await t.inject({ method: 'PATCH', url: `/v1/members/${ownerMembership}`, headers: admin.auth, payload: { role: 'learner' } })).statusCode,
    ).toBe(403);
    const leave = await t.inject({ method: 'DELETE', url: `/v1/members/${ownerMembership}`, headers: a.auth });
    expect(leave.json().code).toBe('MIRAI_ERR_MEMBER_LAST_OWNER');
  });

  it('a removed member loses access on the next request', async () => {
    const author = await joinAs(a, 'leaving-a@example.com', 'author');
    expect((await t.inject({ method: 'GET', url: '/v1/courses', headers: author.auth })).statusCode).toBe(200);
    const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: a.auth })).json().items;
    const id = members.find((m: { userId: string }) => m.userId === author.userId).id;
    expect((await t.inject({ method: 'DELETE', url: `/v1/members/${id}`, headers: a.auth })).statusCode).toBe(204);
    expect((await t.inject({ method: 'GET', url: '/v1/courses', headers: author.auth })).statusCode).toBe(401);
  });

  it('X-Mirai-Organisation acts in another organisation only while the user is a member of it', async () => {
    const asA = (organisation: string) => ({ ...a.auth, 'x-mirai-organisation': organisation });
    const courses = (headers: Record<string, string>) => t.inject({ method: 'GET', url: '/v1/courses', headers });
    const outsider = await courses(asA(b.tenantId));
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().code).toBe('MIRAI_ERR_AUTH_NOT_A_MEMBER');
    expect(outsider.body).not.toContain('B secret course');
    const malformed = await courses(asA('tenant-b'));
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors).toEqual([{ field: '/headers/x-mirai-organisation', message: 'must be a UUID' }]);

    const { token } = (
      await t.inject({
        method: 'POST',
        url: '/v1/invitations',
        headers: b.auth,
        payload: { email: 'owner-a@example.com', role: 'author', delivery: 'link' },
      })
    ).json();
    expect((await t.inject({ method: 'POST', url: '/v1/invitations/accept', headers: a.auth, payload: { token } })).statusCode).toBeLessThan(300);
    const inB = await courses(asA(b.tenantId));
    expect(inB.statusCode).toBe(200);
    expect(inB.json().items.map((c: { title: string }) => c.title)).toContain('B secret course');
    expect((await t.inject({ method: 'GET', url: '/v1/me', headers: asA(b.tenantId) })).json()).toMatchObject({
      tenant: { id: b.tenantId },
      role: 'author',
    });
    // The same token without the header still acts in A.
    expect((await courses(a.auth)).json().items.map((c: { title: string }) => c.title)).not.toContain('B secret course');

    const membership = (await t.inject({ method: 'GET', url: '/v1/members', headers: b.auth }))
      .json()
      .items.find((m: { userId: string }) => m.userId === a.userId).id;
    expect((await t.inject({ method: 'DELETE', url: `/v1/members/${membership}`, headers: b.auth })).statusCode).toBe(204);
    expect((await courses(asA(b.tenantId))).statusCode).toBe(403);
    expect((await courses(a.auth)).statusCode).toBe(200);
  });
});
