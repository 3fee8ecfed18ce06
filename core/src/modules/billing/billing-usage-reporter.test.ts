import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootsWithFixtures } from '../../testing/plugin-fixtures.ts';
import { createGroundedCourse, injectCaller, type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { BillingUsageReporter, queueUsageReport } from './billing-usage-reporter.ts';

let t: TestServer;
let reporter: BillingUsageReporter;

beforeAll(async () => {
  // No background drain during the test (it would race the drains the test makes).
  t = await startTestServer({ MIRAI_JOB_STALE_SECONDS: '86400' }, { pluginRoots: await rootsWithFixtures('billing-fake', 'ai-metered') });
  const parts = t.server.billing;
  if (parts === undefined) throw new Error('billing is not wired');
  reporter = parts.usageReporter;
});

afterAll(async () => {
  await t.close();
});

interface ReportRow {
  id: string;
  job_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

const rows = (tenantId: string) =>
  t.server.orm.em
    .fork()
    .execute<ReportRow[]>('select id, job_id, status, attempts, last_error from billing_usage_report where tenant_id = ?', [tenantId]);

const reportedUsage = async (tenantId: string) =>
  t.server.orm.em
    .fork()
    .execute<{ key: string; value: number }[]>(`select key, value from plugin_state where plugin_name = 'billing-fake' and key like ?`, [
      `usage:${tenantId}:%`,
    ]);

async function queue(owner: SignedUp, jobId: string, aiTokens: number): Promise<void> {
  await t.server.orm.em.fork().transactional((tx) => queueUsageReport(tx, { tenantId: owner.tenantId, jobId, aiTokens }));
}

/** Makes every pending report due now, as if its back-off had elapsed. */
const elapse = () => t.server.orm.em.fork().execute(`update billing_usage_report set next_attempt_at = now() where status = 'pending'`);

describe('AI usage reporting to the billing plugin', () => {
  it('retries a failed report until it is delivered, once, under a key derived from the job', async () => {
    const owner = await t.signup(`usage-${randomUUID()}@example.com`);
    await t.inject({ method: 'PUT', url: '/v1/plugins/billing-fake', headers: owner.auth, payload: { enabled: true, config: { failReports: 2 } } });
    const jobId = randomUUID();
    await queue(owner, jobId, 1500);

    expect(await reporter.drain()).toMatchObject({ reported: 0, failed: 1 });
    const [failed] = await rows(owner.tenantId);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, last_error: 'the billing service is down' });
    // Not due yet: back-off keeps it from being hammered.
    expect(await reporter.drain()).toMatchObject({ reported: 0, failed: 0 });
    await elapse();
    expect(await reporter.drain()).toMatchObject({ failed: 1 });
    await elapse();
    expect(await reporter.drain()).toMatchObject({ reported: 1, failed: 0 });
    await elapse();
    expect(await reporter.drain()).toMatchObject({ reported: 0 });

    const [delivered] = await rows(owner.tenantId);
    expect(delivered).toMatchObject({ status: 'reported', attempts: 3, last_error: null });
    const usage = await reportedUsage(owner.tenantId);
    expect(usage).toEqual([{ key: `usage:${owner.tenantId}:mirai-job-${jobId}-usage-${delivered?.id}`, value: 1500 }]);
  });

  it('reports the tokens a real generation job recorded, keyed by that job', async () => {
    const owner = await t.signup(`job-${randomUUID()}@example.com`);
    const courseId = await createGroundedCourse(injectCaller(t, owner));
    await t.inject({ method: 'PUT', url: '/v1/plugins/billing-fake', headers: owner.auth, payload: { enabled: true, config: {} } });
    await t.inject({ method: 'PUT', url: '/v1/plugins/ai-metered', headers: owner.auth, payload: { enabled: true, config: {} } });
    const started = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, headers: owner.auth, payload: {} });
    const { jobId } = started.json<{ jobId: string }>();
    await expect
      .poll(async () => (await t.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: owner.auth })).json<{ status: string }>().status, {
        timeout: 30_000,
      })
      .toBe('completed');
    const [recorded] = await t.server.orm.em
      .fork()
      .execute<{ tokens: string }[]>('select sum(input_tokens + output_tokens) as tokens from token_usage where job_id = ?', [jobId]);
    expect(Number(recorded?.tokens)).toBeGreaterThan(0);
    await reporter.drain();
    const usage = await reportedUsage(owner.tenantId);
    expect(usage.map((row) => row.value)).toEqual([Number(recorded?.tokens)]);
    expect(usage[0]?.key).toContain(`mirai-job-${jobId}-usage-`);
  });

  it('a report rolled back with its transaction is never sent', async () => {
    const owner = await t.signup(`rollback-${randomUUID()}@example.com`);
    await t.inject({ method: 'PUT', url: '/v1/plugins/billing-fake', headers: owner.auth, payload: { enabled: true, config: {} } });
    await expect(
      t.server.orm.em.fork().transactional(async (tx) => {
        await queueUsageReport(tx, { tenantId: owner.tenantId, jobId: randomUUID(), aiTokens: 5 });
        throw new Error('the job failed after recording usage');
      }),
    ).rejects.toThrow('the job failed');
    await reporter.drain();
    expect(await rows(owner.tenantId)).toEqual([]);
    expect(await reportedUsage(owner.tenantId)).toEqual([]);
  });

  it('sets aside a report the provider rejects, keeps retrying the rest, and shows both in GET /v1/billing', async () => {
    const owner = await t.signup(`rejected-${randomUUID()}@example.com`);
    await t.inject({
      method: 'PUT',
      url: '/v1/plugins/billing-fake',
      headers: owner.auth,
      payload: { enabled: true, config: { rejectReportsOver: 1000, failReports: 1 } },
    });
    await queue(owner, randomUUID(), 5000);
    expect(await reporter.drain()).toMatchObject({ rejected: 1, reported: 0 });
    await queue(owner, randomUUID(), 200);
    expect(await reporter.drain()).toMatchObject({ failed: 1, reported: 0 });

    const billing = async () => (await t.inject({ method: 'GET', url: '/v1/billing', headers: owner.auth })).json().usageReports;
    expect(await billing()).toEqual({ pending: 1, failed: 1, lastError: 'the billing service is down' });
    await elapse();
    await t.server.orm.em.fork().execute(`update billing_usage_report set next_attempt_at = now() where status = 'failed'`);
    // The transient one is delivered; the rejected one is never sent again, whatever its due time.
    expect(await reporter.drain()).toMatchObject({ reported: 1, rejected: 0, failed: 0 });
    expect((await rows(owner.tenantId)).map((row) => row.status).sort()).toEqual(['failed', 'reported']);
    expect(await billing()).toEqual({ pending: 0, failed: 1, lastError: 'the meter refuses 5000 tokens in one event' });
    expect((await reportedUsage(owner.tenantId)).map((row) => row.value)).toEqual([200]);
  });

  it('drops usage of a tenant without a billing plugin instead of retrying it forever', async () => {
    const owner = await t.signup(`nobilling-${randomUUID()}@example.com`);
    await queue(owner, randomUUID(), 99);
    expect((await reporter.drain()).skipped).toBeGreaterThanOrEqual(1);
    expect(await rows(owner.tenantId)).toEqual([]);
  });

  it('derives the idempotency key from the job and the usage row', () => {
    expect(BillingUsageReporter.idempotencyKey({ job_id: 'j1', id: 'u1' })).toBe('mirai-job-j1-usage-u1');
  });
});
