import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authoredCourse } from '../modules/learning/testing/learning-fixture.ts';
import { rootsWithFixtures } from '../testing/plugin-fixtures.ts';
import { type SignedUp, startTestServer, type TestServer } from '../testing/test-server.ts';

// Jobs on embedded PGlite are slow on a loaded machine; the waits below are for conditions.
vi.setConfig({ testTimeout: 90_000 });

// One server with plugins that probe the contract (contract-probe), fail (register-throws) and hang (never-ends).
let t: TestServer;
let owner: SignedUp;
let other: SignedUp;

const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url, headers });
const heard = async () => (await get('/v1/plugins/contract-probe/routes/heard')).json<Array<{ event: string; tenantId: string }>>();
const job = async (jobId: string) => (await get(`/v1/jobs/${jobId}`, owner.auth)).json<{ status: string; error: string | null }>();

beforeAll(async () => {
  t = await startTestServer(
    { MIRAI_PLUGIN_CALL_TIMEOUTS: 'exporter=5000', MIRAI_DEFAULT_TENANT_PLUGINS: 'ai-offline,storage-fs,export-scorm,export-cmi5,never-ends' },
    { pluginRoots: await rootsWithFixtures('contract-probe', 'register-throws', 'never-ends') },
  );
  owner = await t.signup('contract-owner@example.com');
  other = await t.signup('contract-other@example.com');
  const enabled = await t.inject({
    method: 'PUT',
    url: '/v1/plugins/contract-probe',
    headers: owner.auth,
    payload: { enabled: true, config: { brand: 'Acme' } },
  });
  expect(enabled.statusCode).toBe(200);
  // Embedded PGlite on a loaded machine boots slowly.
}, 180_000);
afterAll(() => t.close());

describe('a plugin can fail; the server cannot', () => {
  it('boots with a plugin whose register throws, listing it as failed with a coded reason', async () => {
    const items = (await get('/v1/plugins', owner.auth)).json<{
      items: Array<{ name: string; status: string; enabled: boolean; failure: unknown }>;
    }>().items;
    expect(items.find((p) => p.name === 'register-throws')).toMatchObject({
      status: 'failed',
      enabled: false,
      failure: { code: 'MIRAI_ERR_PLUGIN_REGISTER_FAILED', step: 'register', message: expect.stringContaining('boom') },
    });
    expect(items.find((p) => p.name === 'contract-probe')).toMatchObject({ status: 'active', failure: null });
  });

  it('fails an export that never ends with a time-out code', async () => {
    const { courseId } = await authoredCourse(t, owner);
    const started = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/exports`, headers: owner.auth, payload: { format: 'never' } });
    expect(started.statusCode).toBe(202);
    const { jobId } = started.json<{ jobId: string }>();
    await vi.waitFor(async () => expect((await job(jobId)).status).toBe('failed'), { timeout: 30_000, interval: 100 });
    expect((await job(jobId)).error).toContain('MIRAI_ERR_PLUGIN_CALL_TIMEOUT');
  });

  it('cancels a hung export at once: the host stops awaiting the plugin', async () => {
    const { courseId } = await authoredCourse(t, owner);
    const { jobId } = (
      await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/exports`, headers: owner.auth, payload: { format: 'never' } })
    ).json<{ jobId: string }>();
    await vi.waitFor(async () => expect((await job(jobId)).status).toBe('running'), { timeout: 30_000, interval: 50 });
    expect((await t.inject({ method: 'POST', url: `/v1/jobs/${jobId}/cancel`, headers: owner.auth })).statusCode).toBe(202);
    // Cancelled, not failed by the 5 s limit: the abort itself ended the wait.
    await vi.waitFor(async () => expect((await job(jobId)).status).toBe('cancelled'), { timeout: 30_000, interval: 50 });
  });
});

describe('events reach only plugins the organisation enabled', () => {
  it('delivers course.created and course.published to the enabling organisation only', async () => {
    const mine = await authoredCourse(t, owner);
    const theirs = await authoredCourse(t, other);
    expect((await t.inject({ method: 'POST', url: `/v1/courses/${mine.courseId}/publish`, headers: owner.auth })).statusCode).toBe(200);
    expect((await t.inject({ method: 'POST', url: `/v1/courses/${theirs.courseId}/publish`, headers: other.auth })).statusCode).toBe(200);
    const events = await heard();
    expect(events).toEqual(
      expect.arrayContaining([
        { event: 'course.created', tenantId: owner.tenantId, courseId: mine.courseId },
        { event: 'course.published', tenantId: owner.tenantId, courseId: mine.courseId },
      ]),
    );
    expect(events.filter((e) => e.event !== 'tenant.created' && e.tenantId === other.tenantId)).toEqual([]);
  });

  it('delivers operator-scope events (tenant.created) to every plugin', async () => {
    expect((await heard()).filter((e) => e.event === 'tenant.created').map((e) => e.tenantId)).toEqual(
      expect.arrayContaining([owner.tenantId, other.tenantId]),
    );
  });
});

describe('exporters get the organisation and validated settings', () => {
  it('refuses bad settings with 400 naming the field, before any job starts', async () => {
    const { courseId } = await authoredCourse(t, owner);
    const refused = await t.inject({
      method: 'POST',
      url: `/v1/courses/${courseId}/exports`,
      headers: owner.auth,
      payload: { format: 'probe', settings: { level: 7, colour: 'red' } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_EXPORT_SETTINGS_INVALID' });
    expect(
      refused
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['/body/settings/colour', '/body/settings/level']);
    expect((await get(`/v1/courses/${courseId}/exports`, owner.auth)).json().items).toEqual([]);
  });

  it.each([
    ['scorm12', { masteryScore: 150 }, '/body/settings/masteryScore'],
    ['cmi5', { moveOn: 'Sometimes' }, '/body/settings/moveOn'],
  ])('refuses a bad %s setting at request time (issue 11), not in the job', async (format, settings, field) => {
    const { courseId } = await authoredCourse(t, owner);
    const refused = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/exports`, headers: owner.auth, payload: { format, settings } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_EXPORT_SETTINGS_INVALID', errors: [{ field }] });
  });

  it("passes the organisation's TenantContext (its config of the plugin) to export()", async () => {
    const { courseId } = await authoredCourse(t, owner);
    const started = await t.inject({
      method: 'POST',
      url: `/v1/courses/${courseId}/exports`,
      headers: owner.auth,
      payload: { format: 'probe', settings: { level: 2 } },
    });
    expect(started.json()).toMatchObject({ jobId: expect.any(String) });
    const { jobId, exportId } = started.json<{ jobId: string; exportId: string }>();
    await vi.waitFor(async () => expect((await job(jobId)).status).toBe('completed'), { timeout: 30_000, interval: 100 });
    const url = new URL((await get(`/v1/exports/${exportId}/download`, owner.auth)).json<{ url: string }>().url);
    const file = await get(`${url.pathname}${url.search}`);
    expect(file.json()).toEqual({ courseId, tenantId: owner.tenantId, config: { brand: 'Acme' }, settings: { level: 2 } });
  });
});

describe('plugin routes', () => {
  const credentials = { cookie: 'mirai_session=secret-cookie', 'x-probe': 'kept' };

  it('never passes cookies or the Authorization header, nor a caller, to an auth: none route', async () => {
    const echoed = (await get('/v1/plugins/contract-probe/routes/echo', { ...credentials, ...owner.auth })).json();
    expect(echoed.headers['x-probe']).toBe('kept');
    expect(echoed.headers).not.toHaveProperty('cookie');
    expect(echoed.headers).not.toHaveProperty('authorization');
    expect(echoed.caller).toBeNull();
  });

  it('gives an auth: session route the caller, refuses anonymous callers and organisations without the plugin', async () => {
    const me = await get('/v1/plugins/contract-probe/routes/me', { ...credentials, ...owner.auth });
    expect(me.statusCode).toBe(200);
    expect(me.json().caller).toEqual({ userId: owner.userId, tenantId: owner.tenantId, role: 'owner' });
    expect(me.json().headers).not.toHaveProperty('authorization');
    expect((await get('/v1/plugins/contract-probe/routes/me')).json()).toMatchObject({ code: 'MIRAI_ERR_AUTH_UNAUTHENTICATED' });
    expect((await get('/v1/plugins/contract-probe/routes/me', other.auth)).statusCode).toBe(404);
  });
});

describe('pre-upgrade compatibility report', () => {
  it("lists installed plugins whose engine range a new plugin API would fail, and the organisation's configs", async () => {
    const now = (await get('/v1/plugins/compatibility', owner.auth)).json();
    expect(now).toMatchObject({ ok: true, configs: [] });
    const next = (await get('/v1/plugins/compatibility?engine=2.0.0', owner.auth)).json();
    expect(next.ok).toBe(false);
    expect(next.engines).toContainEqual({ plugin: 'contract-probe', version: '1.0.0', engine: '^1.0.0', compatible: false });
    expect((await get('/v1/plugins/compatibility?engine=two', owner.auth)).statusCode).toBe(400);
  });
});
