import { createHmac, randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WEBHOOK_SECRET = 'whsec_integration_secret';
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
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
    const configured = await t.inject({
      method: 'PUT',
      url: '/v1/plugins/billing-stripe',
      headers: owner.auth,
      payload: {
        enabled: true,
        config: { secretKey: 'sk_test_x', webhookSecret: WEBHOOK_SECRET, plans: { free: { seats: 1, aiTokensPerMonth: 10 } } },
      },
    });
    expect(configured.statusCode).toBe(200);
    expect(configured.json()).toMatchObject({ secretsSet: expect.arrayContaining(['secretKey', 'webhookSecret']) });

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
});
