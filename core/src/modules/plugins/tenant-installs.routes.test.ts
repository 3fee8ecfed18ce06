import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

// A catalogue whose registry cannot be reached: refusals are coded and nothing is recorded.
// (The install → upgrade → uninstall flow against a real registry: tests/integration/tenant-plugin-installs.test.ts.)
let t: TestServer;
let owner: SignedUp;

beforeAll(async () => {
  // Port 9 (discard) on loopback: nothing listens, so the registry is unreachable at once.
  t = await startTestServer({ MIRAI_PLUGIN_CATALOGUE: 'mirai-plugin-acme-notes', MIRAI_PLUGIN_REGISTRY: 'http://127.0.0.1:9/' });
  owner = await t.signup('no-sandbox-owner@example.com');
}, 120_000);
afterAll(() => t.close());

describe('tenant installs with an unreachable registry', () => {
  it('refuses an install with a coded 502 naming the package, and records nothing', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/plugin-installs',
      headers: owner.auth,
      payload: { package: 'mirai-plugin-acme-notes', version: '1.0.0' },
    });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_REGISTRY_UNAVAILABLE', package: 'mirai-plugin-acme-notes' });
    expect((await t.inject({ method: 'GET', url: '/v1/plugin-installs', headers: owner.auth })).json()).toEqual({ items: [] });
  });

  it('names an unreachable registry, and lists no installs', async () => {
    const catalogue = await t.inject({ method: 'GET', url: '/v1/plugin-catalogue', headers: owner.auth });
    expect(catalogue.statusCode).toBe(502);
    expect(catalogue.json()).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_REGISTRY_UNAVAILABLE', package: 'mirai-plugin-acme-notes' });
    expect((await t.inject({ method: 'GET', url: '/v1/plugin-installs', headers: owner.auth })).json()).toEqual({ items: [] });
  });

  it('validates the request first, naming the field', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/plugin-installs',
      headers: owner.auth,
      payload: { package: 'mirai-plugin-acme-notes', version: 'latest' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('/body/version');
  });
});
