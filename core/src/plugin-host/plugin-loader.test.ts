import { join } from 'node:path';
import type { PluginDefinition } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { buildServer } from '../server.ts';
import { FIXTURE_PLUGINS_DIR, rootsWithFixtures } from '../testing/plugin-fixtures.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { discoverPlugins } from './plugin-discovery.ts';
import { loadPlugins } from './plugin-loader.ts';
import { orderByDependencies } from './plugin-order.ts';

async function candidate(name: string) {
  const found = (await discoverPlugins({ firstParty: [FIXTURE_PLUGINS_DIR], directories: [], installed: [] })).find((c) => c.packageName === name);
  if (found === undefined) throw new Error(`fixture ${name} not found`);
  return found;
}

const plugin = (name: string, dependencies: string[] = []) => ({
  definition: { name, version: '1.0.0', engine: '^1.0.0', capabilities: [], dependencies, register() {} } satisfies PluginDefinition,
});

describe('plugin discovery and loading', () => {
  it('finds packages that declare mirai.plugin and resolves their entry', async () => {
    const found = await candidate('configurable');
    expect(found).toMatchObject({ source: 'first-party', entry: join(FIXTURE_PLUGINS_DIR, 'configurable', 'index.ts') });
  });

  it('refuses an incompatible engine range with a coded error naming the plugin, unless the operator overrides it', async () => {
    const bad = await candidate('bad-engine');
    await expect(loadPlugins([bad], { ignoreEngineFor: [] })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_ENGINE_INCOMPATIBLE',
      extensions: { plugin: 'bad-engine', engine: '^2.0.0' },
    });
    await expect(loadPlugins([bad], { ignoreEngineFor: ['bad-engine'] })).resolves.toHaveLength(1);
  });

  it('refuses an invalid definition, listing the problems', async () => {
    const error = await loadPlugins([await candidate('not-a-plugin')], { ignoreEngineFor: [] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_MANIFEST_INVALID' });
    expect((error as Error).message).toContain('unknown capability "teleport"');
  });

  it('orders plugins after their dependencies and refuses cycles and missing dependencies', () => {
    const ordered = orderByDependencies([plugin('c', ['b']), plugin('b', ['a']), plugin('a')]);
    expect(ordered.map((p) => p.definition.name)).toEqual(['a', 'b', 'c']);
    expect(() => orderByDependencies([plugin('x', ['y']), plugin('y', ['x'])])).toThrow(
      expect.objectContaining({ code: 'MIRAI_ERR_PLUGIN_DEPENDENCY_CYCLE' }),
    );
    expect(() => orderByDependencies([plugin('x', ['ghost'])])).toThrow(
      expect.objectContaining({ code: 'MIRAI_ERR_PLUGIN_DEPENDENCY_MISSING', extensions: { plugin: 'x', dependency: 'ghost' } }),
    );
  });
});

describe('boot refusal', () => {
  async function boot(fixture: string, env: Record<string, string> = {}) {
    const database = await createTestDatabase();
    try {
      const server = await buildServer(loadConfig({ LOG_LEVEL: 'silent', MIRAI_PLUGIN_REGISTER_TIMEOUT_MS: '300', ...database.env, ...env }), {
        migrate: true,
        pluginRoots: await rootsWithFixtures(fixture),
      });
      await server.close();
      return null;
    } catch (error) {
      return error;
    } finally {
      await database.dispose();
    }
  }

  it('refuses to boot with an incompatible plugin', async () => {
    expect(await boot('bad-engine')).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_ENGINE_INCOMPATIBLE' });
    expect(await boot('bad-engine', { MIRAI_PLUGINS_IGNORE_ENGINE: 'bad-engine' })).toBeNull();
  });

  it('refuses to boot with a missing dependency', async () => {
    expect(await boot('needs-missing')).toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_DEPENDENCY_MISSING',
      extensions: { plugin: 'needs-missing', dependency: 'not-installed' },
    });
  });

  it('disables a plugin whose register hangs, and boots, unless the operator marked it required', async () => {
    expect(await boot('hangs')).toBeNull();
    const refused = await boot('hangs', { MIRAI_PLUGINS_REQUIRED: 'hangs' });
    expect(refused).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_REGISTER_FAILED', extensions: { plugin: 'hangs', step: 'register' } });
    expect((refused as Error).message).toContain('did not finish register within 300 ms');
  });

  it('disables a plugin whose register throws, and boots, unless the operator marked it required', async () => {
    expect(await boot('register-throws')).toBeNull();
    expect(await boot('register-throws', { MIRAI_PLUGINS_REQUIRED: 'register-throws' })).toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_REGISTER_FAILED',
      message: 'Plugin "register-throws" failed to register: boom',
    });
  });

  it('refuses to boot without the configured identity provider', async () => {
    // A plugin that registers but provides no auth.
    expect(await boot('configurable', { MIRAI_AUTH_PROVIDER: 'configurable' })).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_CAPABILITY_UNAVAILABLE' });
    // auth-kratos knows (from the host) that it is the identity provider, and says what is missing.
    const kratos = await boot('configurable', { MIRAI_AUTH_PROVIDER: 'auth-kratos' });
    expect(kratos).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_REGISTER_FAILED', extensions: { plugin: 'auth-kratos' } });
    expect((kratos as Error).message).toContain('MIRAI_KRATOS_PUBLIC_URL must be set when MIRAI_AUTH_PROVIDER is auth-kratos');
  });
});
