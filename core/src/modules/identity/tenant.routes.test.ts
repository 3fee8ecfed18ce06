import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, TEST_PASSWORD, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
let owner: SignedUp;
let admin: { authorization: string };

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('tenant-owner@example.com', 'Allowance Org');
  const invited = await t.inject({
    method: 'POST',
    url: '/v1/invitations',
    headers: owner.auth,
    payload: { email: 'tenant-admin@example.com', role: 'admin', delivery: 'link' },
  });
  const joined = await t.inject({
    method: 'POST',
    url: '/v1/auth/signup',
    payload: { email: 'tenant-admin@example.com', password: TEST_PASSWORD, invitationToken: invited.json().token },
  });
  admin = { authorization: `Bearer ${joined.json().token}` };
});
afterAll(() => t.close());

describe('organisation settings', () => {
  it('lets an owner set and remove the monthly AI allowance', async () => {
    const capped = await t.inject({ method: 'PATCH', url: '/v1/tenant', headers: owner.auth, payload: { aiMonthlyTokenCap: 50_000 } });
    expect(capped.json()).toMatchObject({ name: 'Allowance Org', aiMonthlyTokenCap: 50_000 });
    const usage = await t.inject({ method: 'GET', url: '/v1/usage', headers: admin });
    expect(usage.json()).toMatchObject({ tokens: 0, cap: 50_000 });
    const removed = await t.inject({ method: 'PATCH', url: '/v1/tenant', headers: owner.auth, payload: { aiMonthlyTokenCap: null } });
    expect(removed.json().aiMonthlyTokenCap).toBeNull();
  });

  it('refuses an admin changing the allowance but lets them rename the organisation', async () => {
    const refused = await t.inject({ method: 'PATCH', url: '/v1/tenant', headers: admin, payload: { aiMonthlyTokenCap: 1 } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_AUTH_FORBIDDEN', detail: 'Only an owner can change the monthly AI allowance' });
    expect((await t.inject({ method: 'GET', url: '/v1/tenant', headers: owner.auth })).json().aiMonthlyTokenCap).toBeNull();
    const renamed = await t.inject({ method: 'PATCH', url: '/v1/tenant', headers: admin, payload: { name: 'Renamed Org' } });
    expect(renamed.json()).toMatchObject({ name: 'Renamed Org', aiMonthlyTokenCap: null });
  });
});
