import type { PluginDefinition } from '@mirai/sdk-plugin';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Orm } from '../db/orm.ts';
import { PluginHost } from './plugin-host.ts';

const logger = pino({ level: 'silent' }) as FastifyBaseLogger;
// The lifecycle never touches the database unless a plugin uses its state store.
const orm = {} as Orm;

function recorder(log: string[], name: string, dependencies: string[] = []): PluginDefinition {
  return {
    name,
    version: '1.0.0',
    engine: '^1.0.0',
    capabilities: [],
    dependencies,
    register: () => void log.push(`register ${name}`),
    start: () => void log.push(`start ${name}`),
    stop: () => void log.push(`stop ${name}`),
  };
}

describe('PluginHost lifecycle', () => {
  it('registers all, then starts all in order, and stops in reverse', async () => {
    const log: string[] = [];
    const host = new PluginHost({ orm, logger, publicUrl: 'http://x', dataDir: '/tmp/mirai-plugin-host-test', timeoutMs: 1000 });
    await host.boot(
      ['a', 'b'].map((name, i) => ({
        definition: recorder(log, name, i === 1 ? ['a'] : []),
        source: 'first-party' as const,
        packageName: name,
        dir: `/${name}`,
      })),
    );
    await host.stop();
    expect(log).toEqual(['register a', 'register b', 'start a', 'start b', 'stop b', 'stop a']);
  });

  it('refuses an implementation of an undeclared capability', async () => {
    const host = new PluginHost({ orm, logger, publicUrl: 'http://x', dataDir: '/tmp/mirai-plugin-host-test', timeoutMs: 1000 });
    const sneaky: PluginDefinition = {
      name: 'sneaky',
      version: '1.0.0',
      engine: '^1.0.0',
      capabilities: [],
      register: (context) => context.provide('auth', { kind: 'session', resolveSession: async () => null }),
    };
    await host.boot([{ definition: sneaky, source: 'directory', packageName: 'sneaky', dir: '/s' }]);
    expect(host.get('sneaky')).toBeUndefined();
    expect(host.failures()).toMatchObject([
      { step: 'register', code: 'MIRAI_ERR_PLUGIN_REGISTER_FAILED', message: expect.stringContaining('"auth"') },
    ]);
    const strict = new PluginHost({
      orm,
      logger,
      publicUrl: 'http://x',
      dataDir: '/tmp/mirai-plugin-host-test',
      timeoutMs: 1000,
      required: ['sneaky'],
    });
    await expect(strict.boot([{ definition: sneaky, source: 'directory', packageName: 'sneaky', dir: '/s' }])).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_REGISTER_FAILED',
      cause: { code: 'MIRAI_ERR_PLUGIN_MANIFEST_INVALID' },
    });
  });

  it('disables the dependents of a plugin that failed to start', async () => {
    const log: string[] = [];
    const broken = { ...recorder(log, 'broken'), start: () => Promise.reject(new Error('no upstream')) };
    const host = new PluginHost({ orm, logger, publicUrl: 'http://x', dataDir: '/tmp/mirai-plugin-host-test', timeoutMs: 1000 });
    await host.boot([
      { definition: broken, source: 'first-party', packageName: 'broken', dir: '/1' },
      { definition: recorder(log, 'dependent', ['broken']), source: 'first-party', packageName: 'dependent', dir: '/2' },
    ]);
    expect(host.list()).toEqual([]);
    expect(host.failures().map((f) => [f.plugin.definition.name, f.step])).toEqual([
      ['broken', 'start'],
      ['dependent', 'start'],
    ]);
  });

  it('abandons a stop() that never returns once the shutdown budget is spent', async () => {
    const log: string[] = [];
    const hung = { ...recorder(log, 'hung'), stop: () => new Promise<void>(() => {}) };
    const host = new PluginHost({ orm, logger, publicUrl: 'http://x', dataDir: '/tmp/mirai-plugin-host-test', timeoutMs: 60_000 });
    await host.boot([
      { definition: recorder(log, 'first'), source: 'first-party', packageName: 'first', dir: '/1' },
      { definition: hung, source: 'first-party', packageName: 'hung', dir: '/2' },
    ]);
    await host.stop(50);
    expect(log).toContain('stop first');
  });

  it('keeps stopping the rest when one stop fails', async () => {
    const log: string[] = [];
    const failing = { ...recorder(log, 'failing'), stop: () => Promise.reject(new Error('boom')) };
    const host = new PluginHost({ orm, logger, publicUrl: 'http://x', dataDir: '/tmp/mirai-plugin-host-test', timeoutMs: 1000 });
    await host.boot([
      { definition: recorder(log, 'first'), source: 'first-party', packageName: 'first', dir: '/1' },
      { definition: failing, source: 'first-party', packageName: 'failing', dir: '/2' },
    ]);
    await host.stop();
    expect(log).toContain('stop first');
  });
});
