import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { PluginDefinition } from '@mirai/sdk-plugin';
import { createTestHost, type TestPlugin } from '@mirai/sdk-plugin/testing';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Orm } from '../../db/orm.ts';
import { discoverPlugins } from '../plugin-discovery.ts';
import { PluginHost } from '../plugin-host.ts';
import { loadPlugins } from '../plugin-loader.ts';
import { createPluginSandbox } from './index.ts';
import { SANDBOX_NICENESS } from './sandbox-process.ts';
import { memoryPluginState, runPluginContracts } from './testing/sandbox-test-support.ts';

const fixture = join(import.meta.dirname, '../../../../tests/fixtures/sandbox-partner');
const logger: FastifyBaseLogger = pino({ level: 'silent' });

// One workerd process for the whole file: both sandboxed suites use the same loaded plugin.
const sandbox = createPluginSandbox({ logger, state: memoryPluginState().state, callTimeoutMs: 5_000 });
let sandboxed: Promise<TestPlugin> | undefined;
const sandboxedHost = () => {
  sandboxed ??= sandbox.load(fixture, { key: 'acme-notes@test', egressAllow: [] }).then((loaded) => createTestHost(loaded.definition));
  return sandboxed;
};
const trustedHost = async () => createTestHost(((await import(join(fixture, 'src/index.ts'))) as { default: PluginDefinition }).default);

afterAll(async () => {
  await sandbox.close();
});

runPluginContracts('acme-notes (trusted)', trustedHost);
runPluginContracts('acme-notes (sandboxed)', sandboxedHost);

describe('a sandboxed plugin', () => {
  it('is described by what it registered inside the sandbox', async () => {
    const plugin = await sandboxedHost();
    expect(plugin.definition).toMatchObject({ name: 'acme-notes', version: '1.0.0', capabilities: ['ai', 'exporter'] });
    expect(plugin.extension('exporter')).toMatchObject({ format: 'acme-notes', mediaType: 'text/plain' });
    expect(plugin.extension('ai').label).toBe('Acme notes');
  });

  it('reads assets through the host for the exporting call only', async () => {
    const plugin = await sandboxedHost();
    const chunks: string[] = [];
    const course = {
      id: 'c',
      title: 'T',
      desiredOutcome: '',
      language: 'en',
      modules: [
        {
          id: 'm',
          title: 'M',
          lessons: [{ id: 'l', title: 'L', objectives: [], blocks: [{ id: 'i', type: 'image' as const, storageKey: 'a.png', alt: '' }] }],
        },
      ],
    };
    const stream = plugin
      .extension('exporter')
      .export(course, { settings: { upper: true }, readAsset: async () => new Uint8Array(3) }, plugin.tenant({}, 'org-a'));
    for await (const chunk of stream) chunks.push(new TextDecoder().decode(chunk));
    expect(chunks.join('')).toContain('# M');
    expect(chunks.join('')).toContain('[image a.png: 3 bytes]');
  });
});

describe('operator settings of a sandboxed plugin', () => {
  it('reach it as context.instanceConfig, validated against its instanceConfigSchema, as a trusted plugin gets them', async () => {
    const host = new PluginHost({
      orm: {} as Orm,
      logger,
      publicUrl: 'http://x',
      dataDir: '/tmp/mirai-sandbox-settings-test',
      timeoutMs: 5_000,
      instanceSettings: { 'acme-notes': { model: 'notes-large' } },
    });
    await host.boot([await sandbox.load(fixture, { key: 'settings@test', egressAllow: [] })]);
    const ai = host.implementation('acme-notes', 'ai');
    expect((await ai.generateText({ prompt: 'p' }, { tenantId: 'org-a', config: {} })).model).toBe('notes-large');
    await host.stop();
    await sandbox.unload('settings@test');
    // A setting the plugin's schema does not declare stops the boot, naming the plugin.
    const refusing = new PluginHost({
      orm: {} as Orm,
      logger,
      publicUrl: 'http://x',
      dataDir: '/tmp/mirai-sandbox-settings-test',
      timeoutMs: 5_000,
      instanceSettings: { 'acme-notes': { colour: 'red' } },
    });
    await expect(refusing.boot([await sandbox.load(fixture, { key: 'settings@test', egressAllow: [] })])).rejects.toMatchObject({
      code: 'MIRAI_ERR_CONFIG_INVALID',
      extensions: { plugin: 'acme-notes' },
    });
    await sandbox.unload('settings@test');
  });
});

describe('trust levels at boot', () => {
  const load = async (trusted: string[]) => {
    const candidates = await discoverPlugins({ firstParty: [], directories: [], installed: [], packages: [fixture] });
    const trust = { keys: [], allowUnsigned: true, trustedFolders: [] };
    return loadPlugins(candidates, { ignoreEngineFor: [], trust, sandbox: { sandbox, trusted, egressApproved: [] } });
  };

  it('sandboxes a partner package the operator has not marked trusted', async () => {
    const [plugin] = await load([]);
    const host = await createTestHost(plugin?.definition as PluginDefinition);
    // The sandboxed definition holds proxies: its register code is the host's, not the package's.
    expect(plugin?.definition.register.toString()).toContain('aiProxy');
    expect(await host.extension('exporter').fileName({ id: 'c', title: 'Boot Test', desiredOutcome: '', language: 'en', modules: [] })).toBe(
      'boot-test.txt',
    );
    await sandbox.unload('@acme/mirai-plugin-notes@1.0.0');
  });

  it('imports a partner package the operator marked trusted (MIRAI_PLUGINS_TRUSTED)', async () => {
    const [plugin] = await load(['@acme/mirai-plugin-notes']);
    expect(plugin?.definition.register.toString()).not.toContain('aiProxy');
    expect(plugin?.definition.name).toBe('acme-notes');
  });
});

describe('egress of a sandboxed plugin', () => {
  it('reaches a host the operator approved, through the host, and nothing else', async () => {
    const upstream = createServer((_request, response) => response.end('hello from upstream'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    try {
      const loaded = await sandbox.load(join(fixture, '../sandbox-malicious'), { key: 'egress@test', egressAllow: [`127.0.0.1:${port}`] });
      const exporter = (await createTestHost(loaded.definition)).extension('exporter');
      const run = async (target: string) => {
        let text = '';
        const settings = { attack: 'egress', target };
        for await (const chunk of exporter.export(
          { id: 'c', title: 'C', desiredOutcome: '', language: 'en', modules: [] },
          { settings, readAsset: async () => null },
          { tenantId: 'org-a', config: {} },
        ))
          text += new TextDecoder().decode(chunk);
        return text;
      };
      expect(await run(`http://127.0.0.1:${port}/`)).toBe('hello from upstream');
      await expect(run('http://127.0.0.1:5432/')).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_EGRESS_REFUSED' });
      await sandbox.unload('egress@test');
    } finally {
      upstream.close();
    }
  });
});

/** Threads of the workerd processes this test process started, with their niceness (Linux /proc). */
async function workerdThreadNiceness(): Promise<number[]> {
  const fields = async (path: string) => {
    const stat = await readFile(path, 'utf8').catch(() => '');
    return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), rest: stat.slice(stat.lastIndexOf(')') + 2).split(' ') };
  };
  const niceness: number[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const { comm, rest } = await fields(`/proc/${pid}/stat`);
    // After the command: state, ppid, …; niceness is the 19th field of the line, the 17th after the command.
    if (comm !== 'workerd' || Number(rest[1]) !== process.pid) continue;
    for (const thread of await readdir(`/proc/${pid}/task`).catch(() => []))
      niceness.push(Number((await fields(`/proc/${pid}/task/${thread}/stat`)).rest[16]));
  }
  return niceness;
}

describe('CPU priority of a sandbox', () => {
  it.skipIf(process.platform !== 'linux')('runs every thread of every sandbox process at the lowest priority', async () => {
    await sandboxedHost();
    const niceness = await workerdThreadNiceness();
    expect(niceness.length).toBeGreaterThan(0);
    expect(new Set(niceness)).toEqual(new Set([SANDBOX_NICENESS]));
  });
});
