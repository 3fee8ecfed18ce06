import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ MIRAI_AUTH_RATE_LIMIT_PER_MINUTE: '3', MIRAI_BODY_LIMIT_BYTES: '2048', MIRAI_CORS_ORIGINS: 'https://app.example' });
});
afterAll(() => t.close());

describe('HTTP hardening', () => {
  it('answers unknown routes with a problem, and never leaks a stack trace', async () => {
    const response = await t.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_ROUTE_NOT_FOUND', status: 404, instance: '/v1/nothing-here' });
    const malformed = await t.inject({
      method: 'POST',
      url: '/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('sends security headers and a request id', async () => {
    const response = await t.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-me' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['x-request-id']).toBe('trace-me');
  });

  it('sends a restrictive CSP, nosniff and no framing on JSON and problem answers alike', async () => {
    for (const url of ['/healthz', '/v1/nothing-here', '/v1/me']) {
      const response = await t.inject({ method: 'GET', url });
      expect(response.headers['content-security-policy'], url).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox",
      );
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('sends HSTS only over https: not over plain http, nor when an untrusted client claims https', async () => {
    const plain = await t.inject({ method: 'GET', url: '/healthz' });
    const claimed = await t.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
    const behindProxy = await startTestServer({ MIRAI_TRUST_PROXY: '127.0.0.1' });
    try {
      const viaProxy = await behindProxy.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
      expect(viaProxy.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
    } finally {
      await behindProxy.close();
    }
  });

  it('allows only configured CORS origins', async () => {
    const preflight = (origin: string) => t.inject({ method: 'OPTIONS', url: '/v1/me', headers: { origin, 'access-control-request-method': 'GET' } });
    expect((await preflight('https://app.example')).headers['access-control-allow-origin']).toBe('https://app.example');
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses cookie-borne changes from origins it does not serve or allow, and creates nothing', async () => {
    const author = await t.signup('origin-guard@example.com');
    const cookie = `mirai_session=${author.token}`;
    const create = (headers: Record<string, string>, title: string) => t.inject({ method: 'POST', url: '/v1/courses', headers, payload: { title } });
    const refused = await create({ cookie, origin: 'https://evil.example' }, 'Forged');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_ORIGIN_REFUSED', origin: 'https://evil.example' });
    expect((await create({ cookie, origin: 'null' }, 'Forged from a sandbox')).statusCode).toBe(403);
    // The allowed app origin, the API's own origin, a client that sends no Origin, and a bearer token all pass.
    expect((await create({ cookie, origin: 'https://app.example' }, 'From the app')).statusCode).toBe(201);
    expect((await create({ cookie, origin: 'http://localhost:8080' }, 'From the API origin')).statusCode).toBe(201);
    expect((await create({ cookie }, 'From a script')).statusCode).toBe(201);
    expect((await create({ ...author.auth, cookie, origin: 'https://evil.example' }, 'With a bearer token')).statusCode).toBe(201);
    // Reads are not changes: a cookie GET from elsewhere is answered (CORS keeps the body from that page).
    const listed = await t.inject({ method: 'GET', url: '/v1/courses', headers: { cookie, origin: 'https://evil.example' } });
    expect(
      listed
        .json()
        .items.map((course: { title: string }) => course.title)
        .sort(),
    ).toEqual(['From a script', 'From the API origin', 'From the app', 'With a bearer token']);
  });

  it('applies the cookie Origin guard by the credential used, whatever other headers come along', async () => {
    const author = await t.signup('origin-credential@example.com');
    const cookie = `mirai_session=${author.token}`;
    const create = (headers: Record<string, string>, title: string) => t.inject({ method: 'POST', url: '/v1/courses', headers, payload: { title } });
    // The cookie authenticates these requests; an Authorization header of another scheme, or a token header
    // this provider does not read, must not switch the guard off.
    const decoys: Record<string, string>[] = [
      { authorization: 'Basic Zm9vOmJhcg==' },
      { authorization: 'Bearer' },
      { 'x-session-token': 'anything' },
    ];
    for (const extra of decoys) {
      const forged = await create({ cookie, origin: 'https://evil.example', ...extra }, 'Forged with a decoy header');
      expect(forged.statusCode, JSON.stringify(extra)).toBe(403);
      expect(forged.json()).toMatchObject({ code: 'MIRAI_ERR_ORIGIN_REFUSED' });
    }
    // A bearer token that does not resolve leaves the request anonymous: the cookie is not used either.
    expect((await create({ cookie, origin: 'https://evil.example', authorization: 'Bearer not-a-session' }, 'Forged')).statusCode).toBe(401);
    const listed = await t.inject({ method: 'GET', url: '/v1/courses', headers: author.auth });
    expect(listed.json().items).toEqual([]);
  });

  it('limits the body size', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/courses',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x'.repeat(4096) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('MIRAI_ERR_REQUEST_TOO_LARGE');
  });

  it('rate-limits sign-in attempts per client', async () => {
    const attempt = () =>
      t.inject({
        method: 'POST',
        url: '/v1/auth/login',
        remoteAddress: '203.0.113.9',
        payload: { email: 'nobody@example.com', password: TEST_PASSWORD },
      });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await attempt()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await attempt()).json().code).toBe('MIRAI_ERR_REQUEST_RATE_LIMITED');
  });

  it('publishes an OpenAPI 3.1 document covering the routes', async () => {
    const document = (await t.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/auth/signup', '/v1/me', '/v1/plugins/{name}', '/readyz']));
    expect(document.components.schemas.Problem).toBeDefined();
  });
});

/**
 * Embedded: the pool closes, then the database's thread stops (closing only the pool is not enough:
 * the next query opens a new one; the socket server waits for its client to leave before it stops).
 * Server: the database disappears under the pool.
 */
async function takeDatabaseDown(local: TestServer): Promise<void> {
  const adminUrl = process.env.MIRAI_TEST_DATABASE_URL;
  if (adminUrl === undefined || adminUrl === '') {
    await local.server.orm.close(true);
    return local.server.embeddedDatabase?.close();
  }
  const name = new URL(local.server.config.databaseUrl ?? '').pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
}

describe('health', () => {
  it('is alive and ready with the database up, and names the database when it is down', async () => {
    const local = await startTestServer();
    expect((await local.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await local.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await takeDatabaseDown(local);
    const down = await local.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'not-ready', checks: { database: { status: 'failing' } } });
    await local.close().catch(() => undefined);
  });

  it('answers not ready, naming the database, when the database does not answer, instead of hanging with it', async () => {
    const local = await startTestServer();
    // Every pooled connection held in an open transaction: `select 1` waits for one like any query would behind a stuck database.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = Array.from({ length: local.server.config.databaseUrl === undefined ? 1 : local.server.config.databasePoolMax }, () =>
      local.server.orm.em.fork().transactional(async (em) => {
        await em.execute('select 1');
        await gate;
      }),
    );
    try {
      const stuck = await local.inject({ method: 'GET', url: '/readyz' });
      expect(stuck.statusCode).toBe(503);
      expect(stuck.json()).toMatchObject({ checks: { database: { status: 'failing', detail: expect.stringMatching(/did not answer/) } } });
    } finally {
      release();
      await Promise.all(held);
    }
    expect((await local.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await local.close();
  });
});
