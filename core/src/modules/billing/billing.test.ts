import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootsWithFixtures } from '../../testing/plugin-fixtures.ts';
import { createGroundedCourse, injectCaller, type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ MIRAI_APP_URL: 'https://app.mirai.example/' }, { pluginRoots: await rootsWithFixtures('billing-fake', 'ai-metered') });
});

afterAll(async () => {
  await t.close();
});

function enableBilling(owner: SignedUp, config: Record<string, unknown>) {
  return t.inject({ method: 'PUT', url: '/v1/plugins/billing-fake', headers: owner.auth, payload: { enabled: true, config } });
}

const invite = (owner: SignedUp, email: string) =>
  t.inject({ method: 'POST', url: '/v1/invitations', headers: owner.auth, payload: { email, role: 'author', delivery: 'link' } });

async function useTokens(tenantId: string, tokens: number): Promise<void> {
  await t.server.orm.em
    .fork()
    .execute(
      `insert into token_usage (id, tenant_id, job_id, provider, model, input_tokens, output_tokens, created_at) values (?, ?, null, 'test', 'test', ?, 0, now())`,
      [randomUUID(), tenantId, tokens],
    );
}

describe('entitlements without a billing plugin (embedded default)', () => {
  it('allows everything and says billing is off', async () => {
    const owner = await t.signup(`free-${randomUUID()}@example.com`);
    for (let i = 0; i < 4; i += 1) expect((await invite(owner, `m${i}-${randomUUID()}@example.com`)).statusCode).toBe(201);
    const overview = await t.inject({ method: 'GET', url: '/v1/billing', headers: owner.auth });
    expect(overview.json()).toMatchObject({
      enabled: false,
      plugin: null,
      entitlements: null,
      plans: [],
      usage: { seats: { members: 1, pendingInvitations: 4 } },
    });
    const checkout = await t.inject({
      method: 'POST',
      url: '/v1/billing/checkout',
      headers: owner.auth,
      payload: { plan: 'team', successUrl: 'https://app.example/ok', cancelUrl: 'https://app.example/no' },
    });
    expect(checkout.statusCode).toBe(409);
    expect(checkout.json()).toMatchObject({ code: 'MIRAI_ERR_BILLING_NOT_ENABLED' });
  });
});

describe('seat enforcement', () => {
  it('refuses an invitation beyond the plan seats with 402 and an upgrade link', async () => {
    const owner = await t.signup(`seats-${randomUUID()}@example.com`);
    expect((await enableBilling(owner, { remote: { plan: 'free', seats: 2, upgradeUrl: 'https://app.example/upgrade' } })).statusCode).toBe(200);
    expect((await invite(owner, `a-${randomUUID()}@example.com`)).statusCode).toBe(201);
    const refused = await invite(owner, `b-${randomUUID()}@example.com`);
    expect(refused.statusCode).toBe(402);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json()).toMatchObject({
      code: 'MIRAI_ERR_BILLING_SEATS_EXHAUSTED',
      plan: 'free',
      seats: 2,
      members: 1,
      pendingInvitations: 1,
      upgradeUrl: 'https://app.example/upgrade',
    });
    expect(refused.json<{ detail: string }>().detail).toContain('2 seats');
  });

  it('refuses adding a list of learners to a group that needs more seats than are free, adding and inviting nobody', async () => {
    const owner = await t.signup(`group-seats-${randomUUID()}@example.com`);
    await enableBilling(owner, { remote: { plan: 'team', seats: 3 } });
    const groupId = (await t.inject({ method: 'POST', url: '/v1/groups', headers: owner.auth, payload: { name: 'Cohort' } })).json().id;
    const add = (emails: string[]) => t.inject({ method: 'POST', url: `/v1/groups/${groupId}/members`, headers: owner.auth, payload: { emails } });
    const refused = await add(['g1@example.com', 'g2@example.com', 'g3@example.com']);
    expect(refused.json()).toMatchObject({ status: 402, code: 'MIRAI_ERR_BILLING_SEATS_EXHAUSTED', seats: 3, members: 1 });
    expect((await t.inject({ method: 'GET', url: `/v1/groups/${groupId}/members`, headers: owner.auth })).json().items).toEqual([]);
    expect((await t.inject({ method: 'GET', url: '/v1/invitations', headers: owner.auth })).json().items).toEqual([]);
    expect((await add(['g1@example.com', 'g2@example.com'])).json().items.map((i: { outcome: string }) => i.outcome)).toEqual(['invited', 'invited']);
  });

  it('refuses accepting an invitation when the plan shrank below the members, and allows it when a seat is free', async () => {
    const owner = await t.signup(`accept-${randomUUID()}@example.com`);
    await enableBilling(owner, { remote: { plan: 'team', seats: 3 } });
    const invitee = await t.signup(`invitee-${randomUUID()}@example.com`);
    const token = (await invite(owner, invitee.email)).json<{ token: string }>().token;
    await enableBilling(owner, { remote: { plan: 'tiny', seats: 1 } });
    const refused = await t.inject({ method: 'POST', url: '/v1/invitations/accept', headers: invitee.auth, payload: { token } });
    expect(refused.statusCode).toBe(402);
    expect(refused.json()).toMatchObject({
      code: 'MIRAI_ERR_BILLING_SEATS_EXHAUSTED',
      plan: 'tiny',
      upgradeUrl: 'https://app.mirai.example/admin/billing',
    });
    await enableBilling(owner, { remote: { plan: 'team', seats: 3 } });
    expect((await t.inject({ method: 'POST', url: '/v1/invitations/accept', headers: invitee.auth, payload: { token } })).statusCode).toBe(200);
  });

  it('refuses everything gated while the subscription is inactive', async () => {
    const owner = await t.signup(`inactive-${randomUUID()}@example.com`);
    await enableBilling(owner, { remote: { plan: 'team', seats: 10, active: false } });
    const refused = await invite(owner, `x-${randomUUID()}@example.com`);
    expect(refused.statusCode).toBe(402);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_BILLING_INACTIVE' });
  });
});

describe('AI allowance enforcement', () => {
  it('refuses starting generation once the month’s allowance is used, and allows it below', async () => {
    const owner = await t.signup(`ai-${randomUUID()}@example.com`);
    const courseId = await createGroundedCourse(injectCaller(t, owner));
    await enableBilling(owner, { remote: { plan: 'free', aiTokensPerMonth: 1000, upgradeUrl: 'https://app.example/upgrade' } });
    // A provider that is paid per call; ai-offline, the default, never counts against the allowance.
    await t.inject({ method: 'PUT', url: '/v1/plugins/ai-metered', headers: owner.auth, payload: { enabled: true, config: {} } });
    await useTokens(owner.tenantId, 999);
    const allowed = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, headers: owner.auth, payload: {} });
    expect(allowed.statusCode).toBe(202);
    await t.inject({ method: 'POST', url: `/v1/jobs/${allowed.json<{ jobId: string }>().jobId}/cancel`, headers: owner.auth, payload: {} });
    await useTokens(owner.tenantId, 1);
    const refused = await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/generate-outline`, headers: owner.auth, payload: {} });
    expect(refused.statusCode).toBe(402);
    expect(refused.json()).toMatchObject({
      code: 'MIRAI_ERR_BILLING_AI_ALLOWANCE_EXHAUSTED',
      aiTokensPerMonth: 1000,
      aiTokensUsed: 1000,
      upgradeUrl: 'https://app.example/upgrade',
    });
    const overview = await t.inject({ method: 'GET', url: '/v1/billing', headers: owner.auth });
    expect(overview.json()).toMatchObject({
      enabled: true,
      plugin: 'billing-fake',
      entitlements: { plan: 'free', aiTokensPerMonth: 1000 },
      plans: [],
      usage: { aiTokens: 1000 },
      usageReports: { pending: 0, failed: 0, lastError: null },
    });
    // A plugin that lists its plans has them in the overview, for the app's billing page.
    const plans = [{ name: 'team', seats: 10, aiTokensPerMonth: 50_000, purchasable: true }];
    await enableBilling(owner, { remote: { plan: 'free', aiTokensPerMonth: 1000 }, plans });
    expect((await t.inject({ method: 'GET', url: '/v1/billing', headers: owner.auth })).json().plans).toEqual(plans);
  });
});

describe('checkout and portal', () => {
  it('hands the plugin the plan, return URLs and the caller’s email, and returns its URL', async () => {
    const owner = await t.signup(`checkout-${randomUUID()}@example.com`);
    await enableBilling(owner, { remote: { plan: 'free' } });
    const checkout = await t.inject({
      method: 'POST',
      url: '/v1/billing/checkout',
      headers: owner.auth,
      payload: { plan: 'team', successUrl: 'https://app.example/ok', cancelUrl: 'https://app.example/no' },
    });
    expect(checkout.json()).toEqual({
      url: `https://pay.example/checkout?plan=team&tenant=${owner.tenantId}&email=${encodeURIComponent(owner.email)}`,
    });
    const portal = await t.inject({
      method: 'POST',
      url: '/v1/billing/portal',
      headers: owner.auth,
      payload: { returnUrl: 'https://app.example/billing' },
    });
    expect(portal.json()).toEqual({ url: `https://pay.example/portal?return=${encodeURIComponent('https://app.example/billing')}` });
    const bad = await t.inject({ method: 'POST', url: '/v1/billing/portal', headers: owner.auth, payload: { returnUrl: 'javascript:alert(1)' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('/body/returnUrl');
  });
});
