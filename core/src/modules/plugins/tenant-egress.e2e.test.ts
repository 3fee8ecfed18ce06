import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGroundedCourse, injectCaller } from '../../testing/course-fixture.ts';
import { type SignedUp, startTestServer, TEST_PASSWORD, type TestServer } from '../../testing/test-server.ts';

/** What an internal service answers; it must never reach a tenant. */
const INTERNAL_BODY = 'internal-service: db_password=hunter2';

interface Internal {
  server: Server;
  url: string;
  hits: string[];
}

async function startInternal(): Promise<Internal> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url} key=${String(req.headers['x-goog-api-key'] ?? '')}`);
    res.writeHead(400, { 'content-type': 'text/plain' }).end(INTERNAL_BODY);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

let t: TestServer;
/** The operator allowed this one (an on-premise endpoint); the other is any loopback service. */
let allowed: Internal;
let forbidden: Internal;
/** Also allowed: where an admin would re-point the plugin to collect the owner's key. */
let repointed: Internal;

beforeAll(async () => {
  allowed = await startInternal();
  forbidden = await startInternal();
  repointed = await startInternal();
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: `${new URL(allowed.url).host},${new URL(repointed.url).host}` });
});
afterAll(async () => {
  await t.close();
  for (const { server } of [allowed, forbidden, repointed]) await new Promise((done) => server.close(done));
});

/** Points a new organisation's Gemini at `baseUrl` and drafts an outline; the job's final state. */
async function outlineThroughGemini(email: string, baseUrl: string): Promise<{ status: string; error: string | null }> {
  const owner: SignedUp = await t.signup(email);
  const configured = await t.inject({
    method: 'PUT',
    url: '/v1/plugins/ai-gemini',
    headers: owner.auth,
    payload: { enabled: true, config: { apiKey: 'AIza-tenant-key', baseUrl, maxRetries: 0 } },
  });
  expect(configured.statusCode).toBe(200);
  return draftOutline(owner);
}

async function draftOutline(owner: SignedUp): Promise<{ status: string; error: string | null }> {
  const courseId = await createGroundedCourse(injectCaller(t, owner));
  const started = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, headers: owner.auth, payload: {} });
  expect(started.statusCode).toBe(202);
  const { jobId } = started.json<{ jobId: string }>();
  return vi.waitFor(
    async () => {
      const job = (await t.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: owner.auth })).json<{ status: string; error: string | null }>();
      if (job.status !== 'failed' && job.status !== 'completed') throw new Error(`job still ${job.status}`);
      return job;
    },
    { timeout: 20_000, interval: 50 },
  );
}

describe('outbound requests a tenant can aim', () => {
  it('refuses a Gemini base URL on loopback: nothing is sent, and the job says why without a body', async () => {
    const job = await outlineThroughGemini('egress-refused@example.com', `${forbidden.url}/anything#`);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/refused/);
    expect(job.error).not.toContain('hunter2');
    expect(forbidden.hits).toEqual([]);
  });

  it('reaches an endpoint the operator allowed, and still never copies its answer into the job error', async () => {
    const job = await outlineThroughGemini('egress-allowed@example.com', `${allowed.url}/anything#`);
    expect(allowed.hits.length).toBeGreaterThan(0);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('Gemini answered 400');
    expect(job.error).not.toContain('hunter2');
  });
});

describe('secrets bound to the endpoint they were entered for', () => {
  it('an admin cannot re-point Gemini to collect the key, and an owner re-pointing it without the key clears it', async () => {
    const owner = await t.signup('egress-key-owner@example.com');
    const { token } = (
      await t.inject({
        method: 'POST',
        url: '/v1/invitations',
        headers: owner.auth,
        payload: { email: 'egress-key-admin@example.com', role: 'admin', delivery: 'link' },
      })
    ).json();
    const joined = (
      await t.inject({
        method: 'POST',
        url: '/v1/auth/signup',
        payload: { email: 'egress-key-admin@example.com', password: TEST_PASSWORD, invitationToken: token },
      })
    ).json();
    const admin = { authorization: `Bearer ${joined.token}` };
    const put = (headers: Record<string, string>, payload: object) => t.inject({ method: 'PUT', url: '/v1/plugins/ai-gemini', headers, payload });

    expect((await put(owner.auth, { enabled: true, config: { apiKey: 'AIza-owner-key', baseUrl: allowed.url, maxRetries: 0 } })).statusCode).toBe(
      200,
    );
    expect((await put(admin, { config: { baseUrl: repointed.url, maxRetries: 0 } })).statusCode).toBe(403);
    expect((await put(owner.auth, { enabled: true, config: { baseUrl: repointed.url, maxRetries: 0 } })).statusCode).toBe(400);

    const before = allowed.hits.length;
    await draftOutline(owner);
    // The key went where the owner entered it, and nowhere else.
    expect(allowed.hits.slice(before).every((hit) => hit.endsWith('key=AIza-owner-key'))).toBe(true);
    expect(allowed.hits.length).toBeGreaterThan(before);
    expect(repointed.hits).toEqual([]);
  });
});
