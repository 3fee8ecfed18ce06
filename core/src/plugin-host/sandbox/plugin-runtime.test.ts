import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CourseDocument } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Orm } from '../../db/orm.ts';
import { PluginHost } from '../plugin-host.ts';
import { createPluginSandbox, createRemoteSandboxEngine, type PluginSandbox } from './index.ts';
import { createPluginRuntimeServer, type PluginRuntimeServer } from './plugin-runtime-server.ts';
import { memoryPluginState, runPluginContracts } from './testing/sandbox-test-support.ts';

const fixtures = join(import.meta.dirname, '../../../../tests/fixtures');
const logger: FastifyBaseLogger = pino({ level: 'silent' });
const token = 'a-test-token-of-at-least-32-characters';
const course: CourseDocument = { id: 'c', title: 'C', desiredOutcome: '', language: 'en', modules: [] };

/** The caller's plugin state: the runtime has none and asks for it over the connection. */
const { store: stateStore, state } = memoryPluginState();

let runtime: PluginRuntimeServer;
let sandbox: PluginSandbox;
let url: string;

beforeAll(async () => {
  runtime = createPluginRuntimeServer({ token, logger, callTimeoutMs: 5_000 });
  const { port } = await runtime.listen(0, '127.0.0.1');
  url = `tcp://127.0.0.1:${port}`;
  sandbox = createPluginSandbox({ logger, state, engine: createRemoteSandboxEngine({ url, token, logger, state }) });
});

afterAll(async () => {
  await sandbox.close();
  await runtime.close();
});

let notes: ReturnType<typeof createTestHost> | undefined;
const notesHost = () => {
  notes ??= sandbox
    .load(join(fixtures, 'sandbox-partner'), { key: 'notes@test', egressAllow: [] })
    .then((loaded) => createTestHost(loaded.definition));
  return notes;
};

runPluginContracts('acme-notes (plugin runtime)', notesHost);

describe('a plugin on the plugin runtime', () => {
  it("reads the export's assets from the caller, for that call", async () => {
    const plugin = await notesHost();
    const withImage: CourseDocument = {
      ...course,
      modules: [
        {
          id: 'm',
          title: 'M',
          lessons: [{ id: 'l', title: 'L', objectives: [], blocks: [{ id: 'i', type: 'image', storageKey: 'a.png', alt: '' }] }],
        },
      ],
    };
    const asked: string[] = [];
    const progress: number[] = [];
    let text = '';
    for await (const chunk of plugin.extension('exporter').export(
      withImage,
      {
        settings: {},
        readAsset: async (key) => {
          asked.push(key);
          return new Uint8Array(7);
        },
        onProgress: ({ percent }) => void progress.push(percent),
      },
      plugin.tenant({}, 'org-a'),
    ))
      text += new TextDecoder().decode(chunk);
    expect(text).toContain('[image a.png: 7 bytes]');
    expect(asked).toEqual(['a.png']);
    expect(progress.at(-1)).toBe(100);
  });

  it("keeps its state on the caller's side, under its organisation", async () => {
    const loaded = await sandbox.load(join(fixtures, 'sandbox-malicious'), { key: 'state@test', egressAllow: [] });
    const evil = (await createTestHost(loaded.definition)).extension('exporter');
    let output = '';
    for await (const chunk of evil.export(
      course,
      { settings: { attack: 'state', target: 'v' }, readAsset: async () => null },
      { tenantId: 'org-x', config: {} },
    ))
      output += new TextDecoder().decode(chunk);
    expect(output).toBe('"v"');
    expect(stateStore.get('evil-attacks/org-x/mine')).toBe('v');
    await sandbox.unload('state@test');
  });

  it('reaches an approved host through the egress guard, and nothing else', async () => {
    const upstream = createServer((_request, response) => response.end('hello from upstream'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    try {
      const loaded = await sandbox.load(join(fixtures, 'sandbox-malicious'), { key: 'egress@test', egressAllow: [`127.0.0.1:${port}`] });
      const exporter = (await createTestHost(loaded.definition)).extension('exporter');
      const run = async (target: string) => {
        let text = '';
        for await (const chunk of exporter.export(
          course,
          { settings: { attack: 'egress', target }, readAsset: async () => null },
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

  it('gets the instance settings the operator configured, as a trusted plugin would', async () => {
    const host = new PluginHost({
      orm: {} as Orm,
      logger,
      publicUrl: 'http://x',
      dataDir: '/tmp/mirai-runtime-settings-test',
      timeoutMs: 5_000,
      instanceSettings: { 'acme-notes': { model: 'notes-large' } },
    });
    await host.boot([await sandbox.load(join(fixtures, 'sandbox-partner'), { key: 'settings@test', egressAllow: [] })]);
    expect(host.get('acme-notes')?.definition.instanceConfigSchema).toMatchObject({ properties: { model: { type: 'string' } } });
    const answer = await host.implementation('acme-notes', 'ai').generateText({ prompt: 'p' }, { tenantId: 'org-a', config: {} });
    expect(answer.model).toBe('notes-large');
    await host.stop();
    await sandbox.unload('settings@test');
  });

  it('is refused by a runtime holding another token', async () => {
    const stranger = createPluginSandbox({
      logger,
      state,
      engine: createRemoteSandboxEngine({ url, token: `${token}-but-not-this-one`, logger, state }),
    });
    await expect(stranger.load(join(fixtures, 'sandbox-partner'), { key: 'stranger', egressAllow: [] })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_RUNTIME_UNREACHABLE',
    });
    await stranger.close();
  });
});
