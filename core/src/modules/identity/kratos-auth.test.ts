import { randomUUID } from 'node:crypto';
import { type KratosFake, startKratosFake } from '@mirai/auth-kratos/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

// The deployment as an operator configures it: MIRAI_AUTH_PROVIDER plus the plugin's variables.
let kratos: KratosFake;
let t: TestServer;
beforeAll(async () => {
  kratos = await startKratosFake();
  t = await startTestServer({
    MIRAI_AUTH_PROVIDER: 'auth-kratos',
    MIRAI_KRATOS_PUBLIC_URL: kratos.url,
    MIRAI_KRATOS_BROWSER_URL: 'https://auth.example.org',
    MIRAI_KRATOS_CACHE_TTL_SECONDS: '0',
  });
});
afterAll(async () => {
  await t?.close();
  await kratos?.close();
});

const cookie = (value: string) => ({ cookie: `ory_kratos_session=${value}` });

interface Me {
  user: { id: string; email: string };
  tenant: { id: string; name: string };
  role: string;
  tenants: { tenant: { id: string }; role: string }[];
}

async function me(headers: Record<string, string>) {
  const response = await t.inject({ method: 'GET', url: '/v1/me', headers });
  return { status: response.statusCode, body: response.json<Me & { code?: string; detail?: string }>() };
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const rows = await t.server.orm.em.fork().execute<{ n: string }[]>(sql, params);
  return Number(rows[0]?.n);
}

describe('auth-kratos as the instance identity provider', () => {
  it('tells the web app to use Kratos self-service flows', async () => {
    const response = await t.inject({ method: 'GET', url: '/v1/auth/provider' });
    expect(response.json()).toEqual({
      name: 'auth-kratos',
      kind: 'session',
      selfService: {
        login: 'https://auth.example.org/self-service/login/browser',
        registration: 'https://auth.example.org/self-service/registration/browser',
        logout: 'https://auth.example.org/self-service/logout/browser',
      },
      sessionCookie: 'ory_kratos_session',
    });
  });

  it('links a new identity on first sight: one user, one organisation it owns; later sessions reuse them', async () => {
    const first = kratos.createSession({ email: 'ada@example.org', name: { first: 'Ada', last: 'Lovelace' } });
    const created = await me(cookie(first.cookie));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ user: { email: 'ada@example.org' }, role: 'owner', tenant: { name: "Ada Lovelace's organisation" } });

    const second = kratos.createSession({ email: 'ada@example.org' });
    const again = await me({ 'x-session-token': second.token });
    expect(again.body.user.id).toBe(created.body.user.id);
    expect(again.body.tenant.id).toBe(created.body.tenant.id);
    expect(await count('select count(*) as n from app_user where email = ?', ['ada@example.org'])).toBe(1);
    expect(await count('select count(*) as n from membership where user_id = ?', [created.body.user.id])).toBe(1);
  });

  it('creates exactly one user and organisation under concurrent first requests', async () => {
    const sessions = Array.from({ length: 8 }, () => kratos.createSession({ email: 'race@example.org' }));
    const results = await Promise.all(sessions.map((session) => me(cookie(session.cookie))));
    expect(results.map((result) => result.status)).toEqual(Array(8).fill(200));
    expect(new Set(results.map((result) => result.body.user.id)).size).toBe(1);
    expect(await count('select count(*) as n from app_user where email = ?', ['race@example.org'])).toBe(1);
    expect(await count('select count(*) as n from user_identity where user_id = ?', [results[0]?.body.user.id])).toBe(1);
    expect(await count('select count(*) as n from membership where user_id = ?', [results[0]?.body.user.id])).toBe(1);
  });

  it('lets a verified invitee join the inviting organisation instead of creating one', async () => {
    const owner = kratos.createSession({ email: 'owner@example.org' });
    const ownerMe = await me(cookie(owner.cookie));
    const invited = await t.inject({
      method: 'POST',
      url: '/v1/invitations',
      headers: cookie(owner.cookie),
      payload: { email: 'author@example.org', role: 'author' },
    });
    expect(invited.statusCode).toBe(201);

    const unverified = kratos.createSession({ email: 'author@example.org', verified: false });
    const refused = await me(cookie(unverified.cookie));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('MIRAI_ERR_AUTH_EMAIL_UNVERIFIED');

    kratos.verify('author@example.org');
    const joined = await me(cookie(unverified.cookie));
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ tenant: { id: ownerMe.body.tenant.id }, role: 'author' });
    expect(await count('select count(*) as n from invitation where email = ? and accepted_at is not null', ['author@example.org'])).toBe(1);
    expect(await count('select count(*) as n from tenant where id <> ? and name like ?', [ownerMe.body.tenant.id, 'author%'])).toBe(0);
  });

  it('acts in another of the user’s organisations when X-Mirai-Organisation names it, and in no other', async () => {
    const host = kratos.createSession({ email: 'host@example.org' });
    const hostOrg = (await me(cookie(host.cookie))).body.tenant.id;
    const guest = kratos.createSession({ email: 'guest@example.org' });
    const guestMe = (await me(cookie(guest.cookie))).body;
    const invited = await t.inject({
      method: 'POST',
      url: '/v1/invitations',
      headers: cookie(host.cookie),
      payload: { email: 'guest@example.org', role: 'author', delivery: 'link' },
    });
    const accepted = await t.inject({
      method: 'POST',
      url: '/v1/invitations/accept',
      headers: cookie(guest.cookie),
      payload: { token: invited.json().token },
    });
    expect(accepted.statusCode, accepted.body).toBeLessThan(300);

    // Without the header: the oldest membership, as before. With it: the named one, with its role.
    expect((await me(cookie(guest.cookie))).body).toMatchObject({ tenant: { id: guestMe.tenant.id }, role: 'owner' });
    const switched = await me({ ...cookie(guest.cookie), 'x-mirai-organisation': hostOrg });
    expect(switched.body).toMatchObject({ tenant: { id: hostOrg }, role: 'author' });
    expect(switched.body.tenants.map((entry) => entry.tenant.id).sort()).toEqual([guestMe.tenant.id, hostOrg].sort());
    const course = await t.inject({
      method: 'POST',
      url: '/v1/courses',
      headers: { ...cookie(guest.cookie), 'x-mirai-organisation': hostOrg },
      payload: { title: 'Written for the host' },
    });
    expect(course.statusCode).toBe(201);
    const hostCourses = (await t.inject({ method: 'GET', url: '/v1/courses', headers: cookie(host.cookie) })).json().items;
    expect(hostCourses.map((c: { title: string }) => c.title)).toContain('Written for the host');

    const stranger = await me({ ...cookie(guest.cookie), 'x-mirai-organisation': guestMe.user.id });
    expect(stranger).toMatchObject({ status: 403, body: { code: 'MIRAI_ERR_AUTH_NOT_A_MEMBER' } });
  });

  it('answers 401 without a session or with an unknown one, and 403 when Kratos requires a second factor', async () => {
    expect((await me({})).status).toBe(401);
    const unknown = await me(cookie('forged'));
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('MIRAI_ERR_AUTH_UNAUTHENTICATED');
    const aal2 = kratos.createSession({ email: 'mfa@example.org', aal2Required: true });
    const refused = await me(cookie(aal2.cookie));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('MIRAI_ERR_AUTH_SESSION_REFUSED');
    expect(refused.body.detail).toContain('session_aal2_required');
  });

  it('refuses the password routes with a clear 4xx', async () => {
    const payload = { email: 'pw@example.org', password: 'correct horse battery', tenantName: 'Pw' };
    const signup = await t.inject({ method: 'POST', url: '/v1/auth/signup', payload });
    expect(signup.statusCode).toBe(400);
    expect(signup.json()).toMatchObject({ code: 'MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED' });
    const login = await t.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: payload.email, password: payload.password } });
    expect(login.json()).toMatchObject({ code: 'MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED' });
    const session = kratos.createSession({ email: 'ada@example.org' });
    const logout = await t.inject({ method: 'POST', url: '/v1/auth/logout', headers: cookie(session.cookie) });
    expect(logout.statusCode).toBe(400);
    expect(logout.json<{ detail: string }>().detail).toContain('selfService.logout');
    const change = await t.inject({
      method: 'POST',
      url: '/v1/auth/password',
      headers: cookie(session.cookie),
      payload: { currentPassword: payload.password, newPassword: 'a brand new passphrase' },
    });
    expect(change.json()).toMatchObject({ status: 400, code: 'MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED' });
    const list = await t.inject({ method: 'GET', url: '/v1/auth/sessions', headers: cookie(session.cookie) });
    expect(list.json()).toMatchObject({ status: 400, code: 'MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED' });
    expect(list.json<{ detail: string }>().detail).toContain('auth-kratos');
    const end = await t.inject({ method: 'DELETE', url: `/v1/auth/sessions/${randomUUID()}`, headers: cookie(session.cookie) });
    expect(end.json()).toMatchObject({ status: 400, code: 'MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED' });
  });

  it('authenticates the websocket with the Kratos cookie and refuses it without', async () => {
    const baseUrl = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
    const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/v1/ws`;
    const open = (headers: Record<string, string>) =>
      new Promise<WebSocket | number>((resolve) => {
        const socket = new WebSocket(wsUrl, { headers });
        socket.once('open', () => resolve(socket));
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      });
    expect(await open(cookie('forged'))).toBe(401);
    const session = kratos.createSession({ email: 'ada@example.org' });
    const socket = await open(cookie(session.cookie));
    if (typeof socket === 'number') throw new Error(`upgrade refused: ${socket}`);
    const pong = new Promise<string>((resolve) => socket.once('message', (raw) => resolve(raw.toString())));
    socket.send(JSON.stringify({ type: 'ping' }));
    expect(JSON.parse(await pong)).toEqual({ type: 'pong' });
    socket.close();

    // The web app's path: a ticket issued for a Kratos session opens the socket without the cookie.
    const issued = await t.inject({ method: 'POST', url: '/v1/ws/tickets', headers: cookie(session.cookie) });
    expect(issued.statusCode).toBe(201);
    const { ticket } = issued.json<{ ticket: string }>();
    const viaTicket = await new Promise<WebSocket | number>((resolve) => {
      const ticketed = new WebSocket(`${wsUrl}?ticket=${encodeURIComponent(ticket)}`);
      ticketed.once('open', () => resolve(ticketed));
      ticketed.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    });
    if (typeof viaTicket === 'number') throw new Error(`ticket refused: ${viaTicket}`);
    viaTicket.close();
    expect((await t.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${ticket}` } })).statusCode).toBe(401);
  });

  it('answers 503, never signed in, while Kratos is unreachable', async () => {
    const session = kratos.createSession({ email: 'ada@example.org' });
    await kratos.close();
    const down = await me(cookie(session.cookie));
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('MIRAI_ERR_AUTH_PROVIDER_UNAVAILABLE');
    const health = await t.inject({ method: 'GET', url: '/v1/auth/provider', headers: cookie(session.cookie) });
    expect(health.statusCode).toBe(200);
  });
});
