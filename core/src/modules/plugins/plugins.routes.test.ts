import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootsWithFixtures } from '../../testing/plugin-fixtures.ts';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
let owner: SignedUp;
const plugin = async () =>
  (await t.inject({ method: 'GET', url: '/v1/plugins', headers: owner.auth })).json().items.find((p: { name: string }) => p.name === 'configurable');

beforeAll(async () => {
  t = await startTestServer({}, { pluginRoots: await rootsWithFixtures('configurable') });
  owner = await t.signup('plugins-owner@example.com');
});
afterAll(() => t.close());

describe('per-tenant plugin configuration', () => {
  it('lists installed plugins with their capabilities, schema and state', async () => {
    const items = (await t.inject({ method: 'GET', url: '/v1/plugins', headers: owner.auth })).json().items;
    expect(items.find((p: { name: string }) => p.name === 'auth-local')).toMatchObject({ scope: 'instance', enabled: true, capabilities: ['auth'] });
    expect(await plugin()).toMatchObject({ version: '1.2.3', scope: 'tenant', enabled: false, source: 'directory' });
    expect((await plugin()).configSchema.properties.apiKey.writeOnly).toBe(true);
  });

  it('validates the configuration against the plugin schema and names the field', async () => {
    const response = await t.inject({
      method: 'PUT',
      url: '/v1/plugins/configurable',
      headers: owner.auth,
      payload: { enabled: true, config: { apiKey: 'long-enough', model: 'huge' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_CONFIG_INVALID', errors: [{ field: '/body/config/model' }] });
    const missing = await t.inject({
      method: 'PUT',
      url: '/v1/plugins/configurable',
      headers: owner.auth,
      payload: { enabled: true, config: { model: 'small' } },
    });
    expect(missing.json().errors[0].field).toBe('/body/config/apiKey');
    expect((await plugin()).enabled).toBe(false);
  });

  it('never returns a secret and stores it encrypted', async () => {
    const saved = await t.inject({
      method: 'PUT',
      url: '/v1/plugins/configurable',
      headers: owner.auth,
      payload: { enabled: true, config: { apiKey: 'sk-very-secret-123', model: 'small' } },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain('sk-very-secret-123');
    expect(saved.json()).toMatchObject({ enabled: true, config: { model: 'small' }, secretsSet: ['apiKey'] });
    const rows = await t.server.orm.em.fork().getConnection().execute('select * from plugin_installation');
    expect(JSON.stringify(rows)).not.toContain('sk-very-secret-123');
  });

  it('keeps a stored secret when the config is saved without it, and clears it on null', async () => {
    const kept = await t.inject({ method: 'PUT', url: '/v1/plugins/configurable', headers: owner.auth, payload: { config: { model: 'large' } } });
    expect(kept.json()).toMatchObject({ enabled: true, config: { model: 'large' }, secretsSet: ['apiKey'] });
    const cleared = await t.inject({
      method: 'PUT',
      url: '/v1/plugins/configurable',
      headers: owner.auth,
      payload: { enabled: false, config: { apiKey: null, model: 'large' } },
    });
    expect(cleared.json().secretsSet).toEqual([]);
  });

  it('resolves enabled providers with the decrypted tenant configuration', async () => {
    await t.inject({
      method: 'PUT',
      url: '/v1/plugins/configurable',
      headers: owner.auth,
      payload: { enabled: true, config: { apiKey: 'sk-for-the-provider', model: 'small' } },
    });
    const em = t.server.orm.em.fork();
    em.setFilterParams('tenant', { tenantId: owner.tenantId });
    const [provider, ...defaults] = await t.server.plugins.enabled(em, owner.tenantId, 'exporter');
    // The explicitly configured plugin comes first; the operator's default exporters follow.
    expect(provider?.plugin).toBe('configurable');
    expect(defaults.map((d) => d.plugin)).not.toContain('configurable');
    expect(provider?.tenant).toEqual({ tenantId: owner.tenantId, config: { apiKey: 'sk-for-the-provider', model: 'small' } });
    const stranger = await t.signup('stranger@example.com');
    const strangerEm = t.server.orm.em.fork();
    strangerEm.setFilterParams('tenant', { tenantId: stranger.tenantId });
    expect((await t.server.plugins.enabled(strangerEm, stranger.tenantId, 'exporter')).map((p) => p.plugin)).not.toContain('configurable');
  });

  it('refuses per-tenant changes to the instance identity provider and unknown plugins', async () => {
    expect((await t.inject({ method: 'PUT', url: '/v1/plugins/auth-local', headers: owner.auth, payload: { enabled: false } })).json().code).toBe(
      'MIRAI_ERR_PLUGIN_INSTANCE_SCOPED',
    );
    expect((await t.inject({ method: 'PUT', url: '/v1/plugins/nope', headers: owner.auth, payload: { enabled: true } })).statusCode).toBe(404);
  });

  it("serves a plugin's own routes with the raw body", async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/plugins/configurable/routes/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"raw": true}',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{"raw": true}');
    expect((await t.inject({ method: 'GET', url: '/v1/plugins/configurable/routes/missing' })).statusCode).toBe(404);
  });
});
