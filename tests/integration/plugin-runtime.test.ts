import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPluginSandbox, createRemoteSandboxEngine } from '@mirai/core';
import type { CourseDocument, JsonValue, PluginStateStore } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { repoRoot } from '../support/paths.ts';
import { startPluginRuntime } from '../support/plugin-runtime-process.ts';
import { killHard } from '../support/scale-out-cluster.ts';
import { startApi } from '../support/start-api.ts';

/** Pids of workerd processes in process group `group` (Linux /proc). */
async function workerdProcessesInGroup(group: number): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (command === 'workerd' && Number(fields[2]) === group) found.push(Number(pid));
  }
  return found;
}

const token = 'integration-test-token-0123456789abcdef';
const fixture = join(repoRoot, 'tests/fixtures/sandbox-partner');
const course: CourseDocument = {
  id: 'c',
  title: 'Failover',
  desiredOutcome: '',
  language: 'en',
  modules: [
    {
      id: 'm',
      title: 'Module one',
      lessons: [{ id: 'l', title: 'L', objectives: [], blocks: [{ id: 'i', type: 'image', storageKey: 'a.png', alt: '' }] }],
    },
  ],
};

const store = new Map<string, JsonValue>();
const state = (plugin: string, tenantId: string): PluginStateStore => ({
  get: async (key) => store.get(`${plugin}/${tenantId}/${key}`) ?? null,
  set: async (key, value) => void store.set(`${plugin}/${tenantId}/${key}`, value),
  delete: async (key) => void store.delete(`${plugin}/${tenantId}/${key}`),
});

describe('sandboxed plugins on a separate plugin-runtime process', () => {
  it('are loaded there by an API started with MIRAI_PLUGIN_RUNTIME_URL, not in its own children', async () => {
    const port = await freePort();
    const runtime = await startPluginRuntime('plugin-runtime-for-api', port, token);
    const work = await mkdtemp(join(tmpdir(), 'mirai-runtime-api-'));
    // A copy: tests/fixtures itself is a folder the server trusts (in-process), like the repository's plugins/.
    await cp(fixture, join(work, 'plugins', 'sandbox-partner'), { recursive: true });
    const api = await startApi(join(work, 'data'), 120_000, {
      name: 'api-with-plugin-runtime',
      env: {
        MIRAI_PLUGIN_PATHS: join(work, 'plugins'),
        MIRAI_PLUGINS_ALLOW_UNSIGNED: 'true',
        MIRAI_PLUGIN_RUNTIME_URL: `tcp://127.0.0.1:${port}`,
        MIRAI_PLUGIN_RUNTIME_TOKEN: token,
      },
    });
    try {
      expect(readFileSync(api.service.logFile, 'utf8')).toMatch(/"plugins":\[[^\]]*"acme-notes"/);
      expect(readFileSync(runtime.logFile, 'utf8')).toMatch(/"key":"@acme\/mirai-plugin-notes@1\.0\.0".*sandbox started/);
      // The API's own process group holds no workerd: the sandbox runs under the runtime.
      const group = (await readFile(`/proc/${api.service.child.pid}/stat`, 'utf8')).split(' ')[4];
      const workerdInApiGroup = await workerdProcessesInGroup(Number(group));
      expect(workerdInApiGroup).toEqual([]);
      expect((await workerdProcessesInGroup(runtime.child.pid ?? 0)).length).toBeGreaterThan(0);
    } finally {
      await api.stop();
      await runtime.stop();
      await rm(work, { recursive: true, force: true });
    }
  });

  it('fail the call in flight with RUNTIME_LOST when the runtime is killed, and work again once it is back', async () => {
    const port = await freePort();
    let runtime = await startPluginRuntime('plugin-runtime-a', port, token);
    // A logger that drops everything: what the replicas log is not under test.
    const logger = Fastify({ logger: false }).log;
    const url = `tcp://127.0.0.1:${port}`;
    // What an API or worker replica does with MIRAI_PLUGIN_RUNTIME_URL set.
    const sandbox = createPluginSandbox({ logger, state, engine: createRemoteSandboxEngine({ url, token, logger, state }) });
    try {
      const loaded = await sandbox.load(fixture, { key: 'acme-notes@1.0.0', egressAllow: [] });
      const plugin = await createTestHost(loaded.definition, { instanceConfig: { model: 'notes-large' } });
      const exporter = plugin.extension('exporter');
      const tenant = plugin.tenant({}, 'org-a');

      // A streaming export: its first chunk arrives, then it waits on an asset from this side; the runtime dies meanwhile.
      const chunks: string[] = [];
      let assetAsked: () => void = () => undefined;
      const asked = new Promise<void>((resolve) => (assetAsked = resolve));
      const cut = (async () => {
        for await (const chunk of exporter.export(
          course,
          {
            settings: {},
            readAsset: async () => {
              assetAsked();
              await runtime.exited;
              return new Uint8Array(1);
            },
          },
          tenant,
        ))
          chunks.push(new TextDecoder().decode(chunk));
      })().then(
        () => null,
        (error: unknown) => error,
      );
      await asked;
      expect(chunks.join('')).toContain('# Module one');
      await killHard({ url, service: runtime, stop: () => runtime.stop() });
      expect(await cut).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_RUNTIME_LOST' });

      // While it is down, calls fail at once with a coded error instead of hanging.
      await expect(plugin.extension('ai').generateText({ prompt: 'p' }, tenant)).rejects.toMatchObject({
        code: 'MIRAI_ERR_PLUGIN_RUNTIME_UNREACHABLE',
      });

      runtime = await startPluginRuntime('plugin-runtime-b', port, token);
      // The next call reconnects, starts the sandbox on the new runtime and registers it with the same operator settings.
      expect((await plugin.extension('ai').generateText({ prompt: 'p' }, tenant)).model).toBe('notes-large');
      let text = '';
      for await (const chunk of exporter.export(course, { settings: {}, readAsset: async () => new Uint8Array(4) }, tenant))
        text += new TextDecoder().decode(chunk);
      expect(text).toContain('[image a.png: 4 bytes]');
    } finally {
      await sandbox.close();
      await runtime.stop();
    }
  });
});
