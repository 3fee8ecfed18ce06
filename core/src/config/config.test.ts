import { describe, expect, it } from 'vitest';
import { MiraiError } from '../errors/mirai-error.ts';
import { loadConfig } from './config.ts';
import { CONFIG_VARIABLES } from './config-variables.ts';

function failure(env: Record<string, string>): MiraiError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof MiraiError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('defaults to the embedded mode on the documented ports', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      redis: undefined,
      dataDir: '.mirai',
      authProvider: 'auth-local',
    });
    expect(config.corsOrigins).toContain('http://localhost:3000');
  });

  it('names the variable when a value is bad', () => {
    expect(failure({ PORT: 'eighty' })).toMatchObject({ code: 'MIRAI_ERR_CONFIG_INVALID', extensions: { variable: 'PORT' } });
    expect(failure({ DATABASE_URL: 'mysql://x' }).message).toMatch(/^DATABASE_URL must use postgres:/);
    expect(failure({ LOG_LEVEL: 'loud' }).extensions.variable).toBe('LOG_LEVEL');
    expect(failure({ MIRAI_SECRET_KEY: 'c2hvcnQ=' }).extensions.variable).toBe('MIRAI_SECRET_KEY');
  });

  it('allows no private destination by default and parses the operator egress allow-list', () => {
    expect(loadConfig({}).egressAllow).toEqual([]);
    expect(loadConfig({ MIRAI_EGRESS_ALLOW: 'minio:9000, 10.0.0.0/8' }).egressAllow).toHaveLength(2);
    expect(failure({ MIRAI_EGRESS_ALLOW: 'minio:http' }).extensions.variable).toBe('MIRAI_EGRESS_ALLOW');
    expect(failure({ MIRAI_PLUGIN_SETTINGS_FILE: '/nonexistent/plugins.json' }).extensions.variable).toBe('MIRAI_PLUGIN_SETTINGS_FILE');
  });

  it('requires an explicit secret key in server mode', () => {
    const error = failure({ DATABASE_URL: 'postgres://db/mirai' });
    expect(error.message).toMatch(/^MIRAI_SECRET_KEY is required when DATABASE_URL is set/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/mirai', MIRAI_SECRET_KEY: key }).secretKey?.length).toBe(32);
  });

  it('connects through Redis Sentinel when sentinels are listed, and refuses them beside REDIS_URL', () => {
    const config = loadConfig({ MIRAI_REDIS_SENTINELS: 'sentinel-0:26379, [::1]:26380', MIRAI_REDIS_PASSWORD: 'pw' });
    expect(config.redis).toEqual({
      sentinels: [
        { host: 'sentinel-0', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'mirai',
      password: 'pw',
      sentinelPassword: undefined,
    });
    expect(config.queueBackend).toBe('redis');
    expect(failure({ MIRAI_REDIS_SENTINELS: 'sentinel-0' }).extensions.variable).toBe('MIRAI_REDIS_SENTINELS');
    expect(failure({ MIRAI_REDIS_SENTINELS: 'a:26379', REDIS_URL: 'redis://r:6379' }).message).toMatch(/both set/);
  });

  it('splits list variables and trims the public URL', () => {
    const config = loadConfig({
      MIRAI_CORS_ORIGINS: 'https://a.example, https://b.example',
      MIRAI_PLUGIN_PATHS: '/opt/a:/opt/b',
      MIRAI_PUBLIC_URL: 'https://api.example/',
    });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.pluginPaths).toEqual(['/opt/a', '/opt/b']);
    expect(config.publicUrl).toBe('https://api.example');
  });

  it('takes its defaults from the configuration table', () => {
    const documented = Object.fromEntries(CONFIG_VARIABLES.flatMap((variable) => ('default' in variable ? [[variable.name, variable.default]] : [])));
    expect(Object.keys(documented).length).toBeGreaterThan(20);
    expect(loadConfig({})).toEqual(loadConfig(documented));
    expect(loadConfig({}).defaultTenantPlugins).toEqual(documented.MIRAI_DEFAULT_TENANT_PLUGINS?.split(','));
  });

  it('overrides the plugin call time limit per capability', () => {
    const limits = loadConfig({
      MIRAI_PLUGIN_CALL_TIMEOUT_MS: '20000',
      MIRAI_PLUGIN_CALL_TIMEOUTS: 'exporter=1800000, auth=5000',
    }).pluginCallTimeoutMs;
    expect(limits).toMatchObject({ exporter: 1_800_000, auth: 5000, storage: 20000 });
    expect(failure({ MIRAI_PLUGIN_CALL_TIMEOUTS: 'teleporter=5000' }).message).toBe(
      'MIRAI_PLUGIN_CALL_TIMEOUTS must list capability=milliseconds pairs (10 to 86400000), got "teleporter=5000"',
    );
  });

  it('picks the queue backend from REDIS_URL and checks the one asked for has its store', () => {
    expect(loadConfig({}).queueBackend).toBe('embedded');
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).queueBackend).toBe('redis');
    expect(failure({ QUEUE_BACKEND: 'kafka' }).message).toBe('QUEUE_BACKEND must be embedded, redis or postgres');
    expect(failure({ QUEUE_BACKEND: 'redis' }).message).toBe('QUEUE_BACKEND is redis, so REDIS_URL (or MIRAI_REDIS_SENTINELS) must be set');
    expect(failure({ QUEUE_BACKEND: 'postgres' }).extensions.variable).toBe('QUEUE_BACKEND');
  });
});
