import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, TEST_PASSWORD, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
let owner: SignedUp;
let admin: SignedUp;

async function joinAs(email: string, role: string): Promise<SignedUp> {
  const { token } = (
    await t.inject({ method: 'POST', url: '/v1/invitations', headers: owner.auth, payload: { email, role, delivery: 'link' } })
  ).json();
  const joined = (
    await t.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email, password: TEST_PASSWORD, invitationToken: token } })
  ).json();
  return { token: joined.token, userId: joined.user.id, tenantId: joined.tenant.id, email, auth: { authorization: `Bearer ${joined.token}` } };
}

const put = (who: SignedUp, payload: object) => t.inject({ method: 'PUT', url: '/v1/plugins/ai-gemini', headers: who.auth, payload });

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('binding-owner@example.com');
  admin = await joinAs('binding-admin@example.com', 'admin');
});
afterAll(() => t.close());

describe('secrets bound to endpoints', () => {
  it('lets only owners change endpoints or secrets; admins may change other settings and keep the secret', async () => {
    const saved = await put(owner, { enabled: true, config: { apiKey: 'AIza-first-key', baseUrl: 'https://gemini-proxy.example.com' } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().secretsSet).toEqual(['apiKey']);

    const repoint = await put(admin, { config: { baseUrl: 'https://attacker.example.net' } });
    expect(repoint.statusCode).toBe(403);
    expect(repoint.json().code).toBe('MIRAI_ERR_PLUGIN_OWNER_ONLY');
    const newKey = await put(admin, { config: { apiKey: 'AIza-admin-key', baseUrl: 'https://gemini-proxy.example.com' } });
    expect(newKey.statusCode).toBe(403);

    const other = await put(admin, { config: { baseUrl: 'https://gemini-proxy.example.com', model: 'gemini-2.5-pro' } });
    expect(other.statusCode).toBe(200);
    expect(other.json()).toMatchObject({ config: { baseUrl: 'https://gemini-proxy.example.com', model: 'gemini-2.5-pro' }, secretsSet: ['apiKey'] });
  });

  it('clears the stored secret when an endpoint changes without it, even for an owner', async () => {
    const enabledWithoutKey = await put(owner, { enabled: true, config: { baseUrl: 'https://elsewhere.example.org' } });
    // The key was entered for the old endpoint: the plugin now lacks one, named.
    expect(enabledWithoutKey.statusCode).toBe(400);
    expect(enabledWithoutKey.json().errors[0].field).toBe('/body/config/apiKey');
    const disabled = await put(owner, { enabled: false, config: { baseUrl: 'https://elsewhere.example.org' } });
    expect(disabled.json().secretsSet).toEqual([]);
    const [provider] = (await t.inject({ method: 'GET', url: '/v1/plugins', headers: owner.auth }))
      .json()
      .items.filter((p: { name: string }) => p.name === 'ai-gemini');
    expect(provider.secretsSet).toEqual([]);
    const rekeyed = await put(owner, { enabled: true, config: { apiKey: 'AIza-second-key', baseUrl: 'https://elsewhere.example.org' } });
    expect(rekeyed.json().secretsSet).toEqual(['apiKey']);
  });

  it('records every change for owners: who, when, which plugin and fields, never values', async () => {
    const log = await t.inject({ method: 'GET', url: '/v1/plugins/changes', headers: owner.auth });
    expect(log.statusCode).toBe(200);
    const items = log.json().items as Array<Record<string, unknown>>;
    expect(items.map((item) => [item.changedFields, item.secretsChanged, item.secretsCleared, (item.actor as { email: string }).email])).toEqual([
      [[], ['apiKey'], [], owner.email],
      [['baseUrl', 'model'], [], ['apiKey'], owner.email],
      [['model'], [], [], admin.email],
      [['baseUrl'], ['apiKey'], [], owner.email],
    ]);
    expect(items.every((item) => item.plugin === 'ai-gemini' && typeof item.at === 'string')).toBe(true);
    expect(log.body).not.toMatch(/AIza|gemini-proxy|elsewhere|attacker|gemini-2\.5-pro/);
    expect((await t.inject({ method: 'GET', url: '/v1/plugins/changes', headers: admin.auth })).statusCode).toBe(403);
  });
});
