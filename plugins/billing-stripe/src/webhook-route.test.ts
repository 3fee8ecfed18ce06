import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BillingFixture, startBillingFixture, WEBHOOK_SECRET } from './testing/billing-fixture.ts';
import { subscriptionJson } from './testing/fake-stripe-server.ts';
import { signWebhook, stripeEvent } from './testing/stripe-signing.ts';

let fixture: BillingFixture;
let customer: string;

beforeEach(async () => {
  fixture = await startBillingFixture();
  await fixture.billing.createCheckout(
    { plan: 'team', successUrl: 'https://a.example', cancelUrl: 'https://a.example', customerEmail: 'o@example.com' },
    fixture.tenant,
  );
  customer = [...fixture.stripe.customers.keys()][0] ?? '';
});

afterEach(async () => {
  await fixture.close();
});

const path = () => `/webhook/${fixture.tenant.tenantId}`;
const post = (signed: { body: string; headers: Record<string, string> }) => fixture.host.request('POST', path(), signed);
const subscriptionKey = () => `tenant:${fixture.tenant.tenantId}:subscription`;

function subscriptionEvent(type: string, status: string, created: number) {
  const object = subscriptionJson({ id: 'sub_1', customer, status, priceIds: ['price_team_monthly', 'price_ai_tokens'], created: 1_700_000_000 });
  return stripeEvent(type, object, created);
}

describe('Stripe webhooks', () => {
  it('applies a correctly signed event: the subscription Stripe holds now drives entitlements', async () => {
    fixture.stripe.putSubscription({
      id: 'sub_1',
      customer,
      status: 'active',
      priceIds: ['price_team_monthly', 'price_ai_tokens'],
      created: 1_700_000_000,
    });
    const response = await post(signWebhook(WEBHOOK_SECRET, subscriptionEvent('customer.subscription.created', 'active', 1_700_000_001)));
    expect(response.status).toBe(200);
    expect(await fixture.billing.entitlements(fixture.tenant)).toMatchObject({ plan: 'team', active: true, seats: 10 });
  });

  it('rejects a bad signature and changes nothing', async () => {
    fixture.stripe.putSubscription({ id: 'sub_1', customer, status: 'active', priceIds: ['price_team_monthly'], created: 1_700_000_000 });
    const event = subscriptionEvent('customer.subscription.created', 'active', 1_700_000_001);
    const forged = signWebhook('whsec_someone_else', event);
    expect((await post(forged)).status).toBe(400);
    const tampered = signWebhook(WEBHOOK_SECRET, event);
    expect((await post({ ...tampered, body: tampered.body.replace('"active"', '"canceled"') })).status).toBe(400);
    expect((await fixture.host.request('POST', path(), { body: tampered.body })).status).toBe(400);
    expect(fixture.host.state.has(subscriptionKey())).toBe(false);
    expect(fixture.host.state.has(`event:${String(event.id)}`)).toBe(false);
  });

  it('rejects a signature whose timestamp is older than the tolerance', async () => {
    fixture.stripe.putSubscription({ id: 'sub_1', customer, status: 'active', priceIds: ['price_team_monthly'], created: 1_700_000_000 });
    const stale = signWebhook(
      WEBHOOK_SECRET,
      subscriptionEvent('customer.subscription.created', 'active', 1_700_000_001),
      Math.floor(Date.now() / 1000) - 301,
    );
    const response = await post(stale);
    expect(response.status).toBe(400);
    expect(String(response.body)).toMatch(/tolerance/i);
    expect(fixture.host.state.has(subscriptionKey())).toBe(false);
  });

  it('rejects a signature whose timestamp is further in the future than the clock skew', async () => {
    fixture.stripe.putSubscription({ id: 'sub_1', customer, status: 'active', priceIds: ['price_team_monthly'], created: 1_700_000_000 });
    const event = subscriptionEvent('customer.subscription.created', 'active', 1_700_000_001);
    const future = signWebhook(WEBHOOK_SECRET, event, Math.floor(Date.now() / 1000) + 3_600);
    const response = await post(future);
    expect(response.status).toBe(400);
    expect(String(response.body)).toMatch(/future/i);
    expect(fixture.host.state.has(subscriptionKey())).toBe(false);
    expect(fixture.host.state.has(`event:${String(event.id)}`)).toBe(false);
    // Within the skew (a sender's clock slightly ahead) it is accepted.
    expect((await post(signWebhook(WEBHOOK_SECRET, event, Math.floor(Date.now() / 1000) + 60))).status).toBe(200);
  });

  it('answers 404 for a tenant without billing configured', async () => {
    const response = await fixture.host.request(
      'POST',
      '/webhook/00000000-0000-4000-8000-000000000000',
      signWebhook(WEBHOOK_SECRET, stripeEvent('invoice.paid', { customer })),
    );
    expect(response.status).toBe(404);
  });

  it('applies a duplicate (redelivered) event once: the replay changes nothing', async () => {
    fixture.stripe.putSubscription({ id: 'sub_1', customer, status: 'active', priceIds: ['price_team_monthly'], created: 1_700_000_000 });
    const event = subscriptionEvent('customer.subscription.updated', 'active', 1_700_000_002);
    expect((await post(signWebhook(WEBHOOK_SECRET, event))).status).toBe(200);
    const listsAfterFirst = fixture.stripe.requests.filter((request) => request.path === '/v1/subscriptions').length;
    // Stripe's side changes (say a cancellation whose own event is still on its way); the replay must not apply it.
    fixture.stripe.putSubscription({ id: 'sub_1', customer, status: 'canceled', priceIds: ['price_team_monthly'], created: 1_700_000_000 });
    const replay = await post(signWebhook(WEBHOOK_SECRET, event));
    expect(replay.status).toBe(200);
    expect(JSON.parse(String(replay.body))).toEqual({ received: true, duplicate: true });
    expect(fixture.stripe.requests.filter((request) => request.path === '/v1/subscriptions').length).toBe(listsAfterFirst);
    expect(await fixture.billing.entitlements(fixture.tenant)).toMatchObject({ plan: 'team', active: true });
  });

  it('concurrent deliveries of one event apply it once', async () => {
    fixture.stripe.putSubscription({ id: 'sub_1', customer, status: 'active', priceIds: ['price_team_monthly'], created: 1_700_000_000 });
    const signed = signWebhook(WEBHOOK_SECRET, subscriptionEvent('customer.subscription.updated', 'active', 1_700_000_002));
    const bodies = (await Promise.all([post(signed), post(signed), post(signed)])).map(
      (response) => JSON.parse(String(response.body)) as { duplicate?: boolean },
    );
    expect(bodies.filter((body) => body.duplicate !== true)).toHaveLength(1);
  });

  it('resolves out-of-order events from Stripe: an older event after a newer one leaves Stripe’s current state', async () => {
    // Stripe's truth: the subscription went incomplete → active. The newer event arrives first.
    fixture.stripe.putSubscription({
      id: 'sub_1',
      customer,
      status: 'active',
      priceIds: ['price_team_monthly', 'price_ai_tokens'],
      created: 1_700_000_000,
    });
    const older = subscriptionEvent('customer.subscription.created', 'incomplete', 1_700_000_010);
    const newer = subscriptionEvent('customer.subscription.updated', 'active', 1_700_000_020);
    expect((await post(signWebhook(WEBHOOK_SECRET, newer))).status).toBe(200);
    expect((await post(signWebhook(WEBHOOK_SECRET, older))).status).toBe(200);
    expect(fixture.host.state.get(subscriptionKey())).toMatchObject({ id: 'sub_1', status: 'active', plan: 'team' });
    expect(await fixture.billing.entitlements(fixture.tenant)).toMatchObject({ plan: 'team', active: true });
  });

  it('a cancellation event ends the plan, falling back to the default plan', async () => {
    fixture.stripe.putSubscription({ id: 'sub_1', customer, status: 'canceled', priceIds: ['price_team_monthly'], created: 1_700_000_000 });
    await post(signWebhook(WEBHOOK_SECRET, subscriptionEvent('customer.subscription.deleted', 'canceled', 1_700_000_030)));
    expect(await fixture.billing.entitlements(fixture.tenant)).toMatchObject({ plan: 'free', seats: 2 });
  });

  it('ignores events about another tenant’s customer', async () => {
    fixture.stripe.putSubscription({
      id: 'sub_x',
      customer: 'cus_other',
      status: 'active',
      priceIds: ['price_business_monthly'],
      created: 1_700_000_000,
    });
    const object = subscriptionJson({
      id: 'sub_x',
      customer: 'cus_other',
      status: 'active',
      priceIds: ['price_business_monthly'],
      created: 1_700_000_000,
    });
    expect((await post(signWebhook(WEBHOOK_SECRET, stripeEvent('customer.subscription.created', object)))).status).toBe(200);
    expect(await fixture.billing.entitlements(fixture.tenant)).toMatchObject({ plan: 'free' });
  });

  it('answers 503 without recording the event when Stripe cannot be re-read, so Stripe retries', async () => {
    fixture.stripe.putSubscription({ id: 'sub_1', customer, status: 'active', priceIds: ['price_team_monthly'], created: 1_700_000_000 });
    const signed = signWebhook(WEBHOOK_SECRET, subscriptionEvent('customer.subscription.updated', 'active', 1_700_000_040));
    fixture.stripe.failures.push(500);
    expect((await post(signed)).status).toBe(503);
    expect((await post(signed)).status).toBe(200);
    expect(await fixture.billing.entitlements(fixture.tenant)).toMatchObject({ plan: 'team' });
  });
});
