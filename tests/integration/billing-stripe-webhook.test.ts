import { createHmac, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WEBHOOK_SECRET = 'whsec_integration_secret';
let t: TestServer;

beforeAll(async () => {
  // Billing belongs to the operator: plans, prices, keys and the webhook secret come from the settings file.
  const settings = join(await mkdtemp(join(tmpdir(), 'mirai-settings-')), 'plugins.json');
  const operator = { secretKey: 'sk_test_x', webhookSecret: WEBHOOK_SECRET, plans: { free: { seats: 1, aiTokensPerMonth: 10 } } };
  await writeFile(settings, JSON.stringify({ 'billing-stripe': operator }));
  t = await startTestServer({ MIRAI_PLUGIN_SETTINGS_FILE: settings });
});

afterAll(async () => {
  await t.close();
});

function signed(event: Record<string, unknown>, secret = WEBHOOK_SECRET, timestamp = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify(event);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { payload: body, headers: { 'content-type': 'application/json', 'stripe-signature': `t=${timestamp},v1=${signature}` } };
}

describe('billing-stripe inside the core', () => {
  it('serves the tenant webhook with the tenant’s sealed secret and stores each event once; entitlements reach GET /v1/billing', async () => {
    const owner = await t.signup(`stripe-${randomUUID()}@example.com`);

    const url = `/v1/plugins/billing-stripe/routes/webhook/${owner.tenantId}`;
    // An event without a subscription to re-read: only its id is stored.
    const event = {
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      object: 'event',
      type: 'customer.created',
      created: 1,
      data: { object: { id: 'cus_1', object: 'customer' } },
    };
    const first = await t.inject({ method: 'POST', url, ...signed(event) });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ received: true });
    expect((await t.inject({ method: 'POST', url, ...signed(event) })).json()).toEqual({ received: true, duplicate: true });
    expect((await t.inject({ method: 'POST', url, ...signed(event, 'whsec_wrong') })).statusCode).toBe(400);
    expect((await t.inject({ method: 'POST', url: `/v1/plugins/billing-stripe/routes/webhook/${randomUUID()}`, ...signed(event) })).statusCode).toBe(
      404,
    );
    const [stored] = await t.server.orm.em
      .fork()
      .execute<{ value: { type: string } }[]>(`select value from plugin_state where plugin_name = 'billing-stripe' and key = ?`, [
        `event:${event.id}`,
      ]);
    expect(stored?.value.type).toBe('customer.created');

    const overview = await t.inject({ method: 'GET', url: '/v1/billing', headers: owner.auth });
    expect(overview.json()).toMatchObject({
      enabled: true,
      plugin: 'billing-stripe',
      entitlements: { plan: 'free', seats: 1, aiTokensPerMonth: 10 },
    });
    const refused = await t.inject({
      method: 'POST',
      url: '/v1/invitations',
      headers: owner.auth,
      payload: { email: `m-${randomUUID()}@example.com`, role: 'author' },
    });
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_BILLING_SEATS_EXHAUSTED', plan: 'free' });
  });

  it('leaves plans, the webhook secret, the Stripe URL and enabling to the operator; an organisation may only lower its AI cap', async () => {
    const owner = await t.signup(`stripe-owner-${randomUUID()}@example.com`);
    // Not even an owner (admins have less): the organisation being billed does not configure its billing.
    for (const payload of [
      { config: { plans: { free: { seats: 100, aiTokensPerMonth: 1_000_000_000 } } } },
      { config: { webhookSecret: 'whsec_mine', secretKey: 'sk_test_mine' } },
      { config: { apiBaseUrl: 'https://stripe.attacker.example' } },
      { enabled: false },
    ]) {
      const response = await t.inject({ method: 'PUT', url: '/v1/plugins/billing-stripe', headers: owner.auth, payload });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('MIRAI_ERR_PLUGIN_INSTANCE_SCOPED');
    }
    expect((await t.inject({ method: 'GET', url: '/v1/billing', headers: owner.auth })).json()).toMatchObject({
      enabled: true,
      entitlements: { plan: 'free', aiTokensPerMonth: 10 },
    });
    const raise = (aiMonthlyTokenCap: number | null) =>
      t.inject({ method: 'PATCH', url: '/v1/tenant', headers: owner.auth, payload: { aiMonthlyTokenCap } });
    expect((await raise(1_000_000)).json().code).toBe('MIRAI_ERR_BILLING_CAP_ABOVE_PLAN');
    expect((await raise(null)).json().code).toBe('MIRAI_ERR_BILLING_CAP_ABOVE_PLAN');
    const lowered = await raise(5);
    expect(lowered.statusCode).toBe(200);
    expect(lowered.json().aiMonthlyTokenCap).toBe(5);
  });
});
