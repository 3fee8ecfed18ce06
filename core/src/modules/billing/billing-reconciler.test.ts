import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClaimedPeriod } from '../../jobs/job-scheduler.ts';
import { rootsWithFixtures } from '../../testing/plugin-fixtures.ts';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import type { BillingService } from './billing.service.ts';
import { billingReconcileTask } from './billing-reconciler.ts';

let t: TestServer;
let billing: BillingService;

beforeAll(async () => {
  // The scheduled run must not heal the drift before the test looks at it.
  t = await startTestServer({ MIRAI_BILLING_RECONCILE_SECONDS: '86400' }, { pluginRoots: await rootsWithFixtures('billing-fake') });
  const parts = t.server.billing;
  if (parts === undefined) throw new Error('billing is not wired');
  billing = parts.service;
});

afterAll(async () => {
  await t.close();
});

const configure = (owner: SignedUp, remote: Record<string, unknown>) =>
  t.inject({ method: 'PUT', url: '/v1/plugins/billing-fake', headers: owner.auth, payload: { enabled: true, config: { remote } } });
const invite = (owner: SignedUp) =>
  t.inject({ method: 'POST', url: '/v1/invitations', headers: owner.auth, payload: { email: `m-${randomUUID()}@example.com`, role: 'author' } });

describe('billing reconciliation', () => {
  it('heals a drifted subscription once per period, and enforcement follows the healed state', async () => {
    const owner = await t.signup(`drift-${randomUUID()}@example.com`);
    const bystander = await t.signup(`bystander-${randomUUID()}@example.com`);
    const task = billingReconcileTask({ orm: t.server.orm, billing, everyMs: 900_000, onError: () => undefined });
    await configure(owner, { plan: 'business', seats: 50 });
    expect(await runClaimedPeriod(t.server.orm, task, new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect((await invite(owner)).statusCode).toBe(201);

    // The provider downgraded the subscription, and the webhook saying so never arrived.
    await configure(owner, { plan: 'free', seats: 1 });
    await t.server.orm.em
      .fork()
      .execute(
        `insert into plugin_state (plugin_name, key, value, updated_at) values ('billing-fake', ?, ?::jsonb, now()) on conflict (plugin_name, key) do update set value = excluded.value`,
        [`local:${owner.tenantId}`, JSON.stringify({ plan: 'business', seats: 50 })],
      );
    expect((await invite(owner)).statusCode).toBe(201);

    const period = new Date('2026-01-01T00:15:00Z');
    expect(await runClaimedPeriod(t.server.orm, task, period)).toBe(true);
    expect(await runClaimedPeriod(t.server.orm, task, period)).toBe(false);
    const [run] = await t.server.orm.em
      .fork()
      .execute<{ outcome: { tenants: number; changed: number; failed: number } }[]>(
        `select outcome from scheduled_run where name = 'billing-reconcile' and period_start = ?`,
        [period],
      );
    expect(run?.outcome).toMatchObject({ changed: 1, failed: 0 });
    expect(run?.outcome.tenants).toBeGreaterThanOrEqual(1);

    const refused = await invite(owner);
    expect(refused.statusCode).toBe(402);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_BILLING_SEATS_EXHAUSTED', plan: 'free', seats: 1 });
    // A tenant without billing is neither reconciled nor limited.
    const reconciled = await t.server.orm.em
      .fork()
      .execute<{ key: string }[]>(`select key from plugin_state where plugin_name = 'billing-fake' and key like ?`, [
        `reconciled:${bystander.tenantId}:%`,
      ]);
    expect(reconciled).toEqual([]);
    expect((await invite(bystander)).statusCode).toBe(201);
  });
});
