import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema, PluginContext, PluginDefinition } from '@mirai/sdk-plugin';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../config/config-variables.ts';
import { PLUGIN_ENV_SETTINGS, pluginSettingsFromEnv } from '../config/plugin-env-settings.ts';
import type { Orm } from '../db/orm.ts';
import { MiraiError } from '../errors/mirai-error.ts';
import { REPO_DIR } from '../paths.ts';
import { resolveInstanceSettings } from './instance-settings.ts';
import { discoverPlugins } from './plugin-discovery.ts';
import { PluginHost } from './plugin-host.ts';
import { type LoadedPlugin, loadPlugins } from './plugin-loader.ts';

const firstParty = async (): Promise<LoadedPlugin[]> =>
  loadPlugins(await discoverPlugins({ firstParty: [join(REPO_DIR, 'plugins')], directories: [], installed: [] }), { ignoreEngineFor: [] });

function failure(work: () => unknown): MiraiError {
  try {
    work();
  } catch (error) {
    if (error instanceof MiraiError) return error;
    throw error;
  }
  throw new Error('expected a MiraiError');
}

describe('operator settings from documented environment variables', () => {
  it('fills only the set variables, as numbers where the field is an integer', () => {
    expect(
      pluginSettingsFromEnv({ MIRAI_KRATOS_PUBLIC_URL: ' http://kratos:4433 ', MIRAI_KRATOS_CACHE_TTL_SECONDS: '0', MIRAI_SMTP_URL: '' }),
    ).toEqual({
      settings: {
        'auth-kratos': { publicUrl: 'http://kratos:4433', cacheTtlSeconds: 0, authProvider: 'auth-local' },
        'mail-smtp': { publicUrl: 'http://localhost:8080' },
      },
      variables: {
        'auth-kratos': {
          publicUrl: 'MIRAI_KRATOS_PUBLIC_URL',
          cacheTtlSeconds: 'MIRAI_KRATOS_CACHE_TTL_SECONDS',
          authProvider: 'MIRAI_AUTH_PROVIDER',
        },
        'mail-smtp': { publicUrl: 'MIRAI_PUBLIC_URL' },
      },
    });
  });

  it('gives core variables to the plugins that need them as the core sees them, default included', () => {
    const { settings } = pluginSettingsFromEnv({ MIRAI_AUTH_PROVIDER: 'auth-kratos', MIRAI_PUBLIC_URL: 'https://api.example.org' });
    expect(settings['auth-kratos']).toEqual({ authProvider: 'auth-kratos' });
    expect(settings['mail-smtp']).toEqual({ publicUrl: 'https://api.example.org' });
  });

  it('maps every variable onto a field its first-party plugin declares in instanceConfigSchema', async () => {
    const plugins = await firstParty();
    for (const { plugin, field } of PLUGIN_ENV_SETTINGS) {
      const schema = plugins.find((loaded) => loaded.definition.name === plugin)?.definition.instanceConfigSchema as
        | { properties?: Record<string, JsonSchema> }
        | undefined;
      expect(Object.keys(schema?.properties ?? {}), `${plugin}.${field}`).toContain(field);
    }
  });

  it("documents each plugin's own variables in that plugin's README (core variables are in the main README)", () => {
    const core = new Set<string>(CONFIG_VARIABLES.map((variable) => variable.name));
    const undocumented = PLUGIN_ENV_SETTINGS.filter(
      ({ plugin, variable }) =>
        !core.has(variable) && !readFileSync(join(REPO_DIR, 'plugins', plugin, 'README.md'), 'utf8').includes(`\`${variable}\``),
    );
    expect(undocumented).toEqual([]);
  });

  it('lays the variables over the settings file and validates the result against each plugin schema', async () => {
    const plugins = await firstParty();
    const env = pluginSettingsFromEnv({ MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES: '1024', MIRAI_SMTP_URL: 'smtp://mail:25' });
    const file = { 'storage-fs': { root: '/srv/objects', maxUploadBytes: 5 } };
    expect(resolveInstanceSettings(plugins, file, env)).toEqual({
      'storage-fs': { root: '/srv/objects', maxUploadBytes: 1024 },
      'mail-smtp': { smtpUrl: 'smtp://mail:25', publicUrl: 'http://localhost:8080' },
      'auth-kratos': { authProvider: 'auth-local' },
    });
  });

  it('stops the boot on a bad value, naming the variable, the plugin and the field', async () => {
    const plugins = await firstParty();
    const resolve = (env: Record<string, string>) => failure(() => resolveInstanceSettings(plugins, {}, pluginSettingsFromEnv(env)));
    const ttl = resolve({ MIRAI_KRATOS_PUBLIC_URL: 'http://k', MIRAI_KRATOS_CACHE_TTL_SECONDS: '-1' });
    expect(ttl.code).toBe('MIRAI_ERR_CONFIG_INVALID');
    expect(ttl.message).toMatch(/^MIRAI_KRATOS_CACHE_TTL_SECONDS: auth-kratos \/cacheTtlSeconds must be >= 0/);
    expect(ttl.extensions).toMatchObject({ variable: 'MIRAI_KRATOS_CACHE_TTL_SECONDS', plugin: 'auth-kratos', field: 'cacheTtlSeconds' });
    expect(resolve({ MIRAI_KRATOS_PUBLIC_URL: 'kratos' }).extensions).toMatchObject({ variable: 'MIRAI_KRATOS_PUBLIC_URL', field: 'publicUrl' });
    expect(resolve({ MIRAI_SMTP_URL: 'http://mail' }).extensions).toMatchObject({ variable: 'MIRAI_SMTP_URL', plugin: 'mail-smtp' });
    expect(resolve({ MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES: 'lots' }).message).toMatch(
      /^MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES: storage-fs \/maxUploadBytes must be integer/,
    );
    // A bad value in the file is the file's.
    const fromFile = failure(() => resolveInstanceSettings(plugins, { 'storage-fs': { maxUploadBytes: 0 } }));
    expect(fromFile.extensions).toMatchObject({ variable: 'MIRAI_PLUGIN_SETTINGS_FILE', plugin: 'storage-fs', field: 'maxUploadBytes' });
  });

  it('refuses file settings for a plugin that is missing or takes none, and ignores variables of a plugin not installed', async () => {
    const plugins = await firstParty();
    expect(failure(() => resolveInstanceSettings(plugins, { 'ai-offline': {} })).message).toMatch(/which takes no operator settings/);
    expect(failure(() => resolveInstanceSettings(plugins, { 'no-such-plugin': {} })).extensions).toMatchObject({
      variable: 'MIRAI_PLUGIN_SETTINGS_FILE',
    });
    const withoutKratos = plugins.filter((loaded) => loaded.definition.name !== 'auth-kratos');
    expect(resolveInstanceSettings(withoutKratos, {}, pluginSettingsFromEnv({ MIRAI_KRATOS_PUBLIC_URL: 'http://k' }))).not.toHaveProperty(
      'auth-kratos',
    );
  });

  it('gives a server-wide plugin the file and variables merged as context.instanceConfig', async () => {
    const seen: PluginContext['instanceConfig'][] = [];
    const definition: PluginDefinition = {
      name: 'storage-fs',
      version: '1.0.0',
      engine: '^1.0.0',
      capabilities: [],
      instanceConfigSchema: { type: 'object', properties: { root: { type: 'string' }, maxUploadBytes: { type: 'integer' } } },
      register: (context) => void seen.push(context.instanceConfig),
    };
    const host = new PluginHost({
      orm: {} as Orm,
      logger: pino({ level: 'silent' }) as FastifyBaseLogger,
      publicUrl: 'http://x',
      dataDir: '/tmp/mirai-instance-settings-test',
      timeoutMs: 1000,
      instanceSettings: { 'storage-fs': { root: '/srv/objects' } },
      instanceSettingsFromEnv: pluginSettingsFromEnv({ MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES: '2048' }),
    });
    await host.boot([{ definition, source: 'first-party', packageName: '@mirai/storage-fs', dir: '/storage-fs' }]);
    expect(seen).toEqual([{ root: '/srv/objects', maxUploadBytes: 2048 }]);
    await host.stop();
  });
});
