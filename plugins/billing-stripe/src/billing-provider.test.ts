import { createTestHost } from '@mirai/sdk-plugin/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { type BillingFixture, startBillingFixture } from './testing/billing-fixture.ts';

let fixture: BillingFixture;

beforeEach(async () => {
  fixture = await startBillingFixture();
});

afterEach(async () => {
  await fixture.close();
});

async function subscribe(plan: string): Promise<string> {
  await fixture.billing.createCheckout(
    { plan, successUrl: 'https://app.example/ok', cancelUrl: 'https://app.example/no', customerEmail: 'owner@example.com' },
    fixture.tenant,
  );
  const customer = [...fixture.stripe.customers.keys()][0];
  if (customer === undefined) throw new Error('checkout created no customer');
  return customer;
}

describe('billing-stripe against a Stripe-compatible server', () => {
  it('creates one customer per tenant and a subscription Checkout Session with the plan and metered prices', async () => {
    const first = await fixture.billing.createCheckout(
      { plan: 'team', successUrl: 'https://app.example/ok', cancelUrl: 'https://app.example/no', customerEmail: 'owner@example.com' },
      fixture.tenant,
    );
    await fixture.billing.createCheckout(
      { plan: 'business', successUrl: 'https://app.example/ok', cancelUrl: 'https://app.example/no', customerEmail: 'owner@example.com' },
      fixture.tenant,
    );
    expect(first.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    expect(fixture.stripe.customers.size).toBe(1);
    const [customer] = fixture.stripe.customers.values();
    expect(customer?.metadata).toEqual({ mirai_tenant_id: fixture.tenant.tenantId });
    const sessions = fixture.stripe.requests.filter((request) => request.path === '/v1/checkout/sessions');
    expect(sessions[0]?.params).toMatchObject({
      mode: 'subscription',
      customer: customer?.id,
      client_reference_id: fixture.tenant.tenantId,
      line_items: [{ price: 'price_team_monthly', quantity: '1' }, { price: 'price_ai_tokens' }],
      subscription_data: { metadata: { mirai_plan: 'team' } },
    });
  });

  it('rejects an unknown plan or a plan without a price, naming it', async () => {
    const input = { successUrl: 'https://a.example', cancelUrl: 'https://a.example', customerEmail: 'o@example.com' };
    await expect(fixture.billing.createCheckout({ ...input, plan: 'gold' }, fixture.tenant)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
      message: expect.stringContaining('"gold"'),
    });
    await expect(fixture.billing.createCheckout({ ...input, plan: 'free' }, fixture.tenant)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
      message: expect.stringContaining('no Stripe price'),
    });
  });

  it('opens the Customer Portal for the tenant customer, and refuses before there is one', async () => {
    await expect(fixture.billing.createPortalSession({ returnUrl: 'https://app.example/billing' }, fixture.tenant)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_NOT_FOUND',
    });
    const customer = await subscribe('team');
    const portal = await fixture.billing.createPortalSession({ returnUrl: 'https://app.example/billing' }, fixture.tenant);
    expect(portal.url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\//);
    expect(fixture.stripe.requests.at(-1)?.params).toEqual({ customer, return_url: 'https://app.example/billing' });
  });

  it('maps Stripe errors: a wrong key is unauthorized, an outage is transient', async () => {
    const wrongKey = await createTestHost(plugin, { egressAllow: '127.0.0.1', instanceConfig: { ...fixture.operator, secretKey: 'sk_test_wrong' } });
    await expect(
      wrongKey
        .extension('billing')
        .createCheckout(
          { plan: 'team', successUrl: 'https://a.example', cancelUrl: 'https://a.example', customerEmail: 'o@example.com' },
          wrongKey.tenant({}, fixture.tenant.tenantId),
        ),
    ).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_UNAUTHORIZED',
      transient: false,
    });
    fixture.stripe.failures.push(500);
    await expect(
      fixture.billing.createCheckout(
        { plan: 'team', successUrl: 'https://a.example', cancelUrl: 'https://a.example', customerEmail: 'o@example.com' },
        fixture.tenant,
      ),
    ).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_UPSTREAM',
      transient: true,
    });
  });

  it('reports AI tokens as a Billing Meter event, counted once however often the report is retried', async () => {
    const customer = await subscribe('team');
    const report = { aiTokens: 1234, idempotencyKey: 'job-42-usage-1', occurredAt: new Date('2026-11-20T10:00:00Z') };
    fixture.stripe.failures.push(503);
    await expect(fixture.billing.reportUsage(report, fixture.tenant)).rejects.toMatchObject({ transient: true });
    await fixture.billing.reportUsage(report, fixture.tenant);
    await fixture.billing.reportUsage(report, fixture.tenant);
    expect(fixture.stripe.meterEvents).toEqual([
      {
        event_name: 'mirai_ai_tokens',
        identifier: 'job-42-usage-1',
        payload: { stripe_customer_id: customer, value: '1234' },
        timestamp: Date.parse('2026-11-20T10:00:00Z') / 1000,
      },
    ]);
    const posts = fixture.stripe.requests.filter((request) => request.path === '/v1/billing/meter_events');
    expect(new Set(posts.map((post) => post.idempotencyKey))).toEqual(new Set(['mirai-usage-job-42-usage-1']));
  });

  it('does not report usage for a tenant that never subscribed', async () => {
    await fixture.billing.reportUsage({ aiTokens: 10, idempotencyKey: 'k', occurredAt: new Date() }, fixture.tenant);
    expect(fixture.stripe.requests).toEqual([]);
  });

  it('offers the configured plans, purchasable only where a Stripe price is set', async () => {
    expect(await fixture.billing.plans?.(fixture.tenant)).toEqual([
      { name: 'free', seats: 2, aiTokensPerMonth: 1000, purchasable: false },
      { name: 'team', seats: 10, aiTokensPerMonth: 100_000, purchasable: true },
      { name: 'business', seats: 100, aiTokensPerMonth: null, purchasable: true },
    ]);
    expect(fixture.stripe.requests).toEqual([]);
  });

  it('gives the default plan without a subscription, and the subscribed plan while it is live', async () => {
    expect(await fixture.billing.entitlements(fixture.tenant)).toEqual({
      plan: 'free',
      active: true,
      seats: 2,
      aiTokensPerMonth: 1000,
      upgradeUrl: 'https://app.example/billing',
    });
    const customer = await subscribe('team');
    fixture.stripe.putSubscription({
      id: 'sub_1',
      customer,
      status: 'active',
      priceIds: ['price_team_monthly', 'price_ai_tokens'],
      created: 1_700_000_000,
    });
    expect(await fixture.billing.reconcile(fixture.tenant)).toEqual({ changed: true });
    expect(await fixture.billing.entitlements(fixture.tenant)).toMatchObject({ plan: 'team', active: true, seats: 10, aiTokensPerMonth: 100_000 });
  });

  it('reconciliation heals drift from Stripe and reports no change once in sync', async () => {
    const customer = await subscribe('business');
    fixture.stripe.putSubscription({ id: 'sub_b', customer, status: 'active', priceIds: ['price_business_monthly'], created: 1_700_000_000 });
    await fixture.billing.reconcile(fixture.tenant);
    expect(await fixture.billing.entitlements(fixture.tenant)).toMatchObject({ plan: 'business', seats: 100, aiTokensPerMonth: null });
    // A cancellation whose webhook never arrived.
    fixture.stripe.putSubscription({ id: 'sub_b', customer, status: 'canceled', priceIds: ['price_business_monthly'], created: 1_700_000_000 });
    expect(await fixture.billing.reconcile(fixture.tenant)).toEqual({ changed: true });
    expect(await fixture.billing.entitlements(fixture.tenant)).toMatchObject({ plan: 'free', seats: 2 });
    expect(await fixture.billing.reconcile(fixture.tenant)).toEqual({ changed: false });
  });
});

describe('egress', () => {
  it('refuses an API base URL on loopback unless the operator allowed it: the secret key never leaves', async () => {
    const guarded = await createTestHost(plugin, { instanceConfig: fixture.operator });
    const tenant = guarded.tenant({}, fixture.tenant.tenantId);
    const checkout = guarded
      .extension('billing')
      .createCheckout({ plan: 'team', successUrl: 'https://a.example', cancelUrl: 'https://a.example', customerEmail: 'o@example.com' }, tenant);
    await expect(checkout).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_EGRESS_REFUSED' });
    expect(fixture.stripe.requests).toEqual([]);
  });
});
