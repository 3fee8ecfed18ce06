import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CourseDocument, Exporter } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginSandbox } from './index.ts';
import { memoryPluginState } from './testing/sandbox-test-support.ts';

const fixtures = join(import.meta.dirname, '../../../../tests/fixtures');
// Warnings are kept: a restart of the sandbox is logged with its reason.
const warnings: Array<{ msg: string; reason?: string }> = [];
const logger: FastifyBaseLogger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
const course: CourseDocument = { id: 'c', title: 'C', desiredOutcome: '', language: 'en', modules: [] };
const { store: stateStore, state } = memoryPluginState();
const sandbox = createPluginSandbox({ logger, callTimeoutMs: 8_000, memoryLimitMb: 32, state });
// The allocating attacks run where the time limit only catches a hang: how soon a plugin reaches
// its memory limit depends on how much CPU the machine gives workerd (at niceness 10), and a
// loaded machine once let the 8 s limit run out first, so the breach was seen as a timeout.
const patientSandbox = createPluginSandbox({ logger, callTimeoutMs: 300_000, memoryLimitMb: 32, state });

let evil: Exporter;
let patientEvil: Exporter;
let notes: Exporter;
let dataDir: string;

async function attack(name: string, target = '', plugin = evil): Promise<{ output?: string; code?: string; message?: string }> {
  try {
    let output = '';
    for await (const chunk of plugin.export(
      course,
      { settings: { attack: name, target }, readAsset: async () => null },
      { tenantId: 'org-evil', config: {} },
    ))
      output += new TextDecoder().decode(chunk);
    return { output };
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mirai-victim-'));
  await writeFile(join(dataDir, 'secret.key'), 'TOP-SECRET-KEY');
  await mkdir(join(dataDir, 'pgdata'));
  await writeFile(join(dataDir, 'pgdata', 'PG_VERSION'), '15');
  const [attacks, partner, patientAttacks] = await Promise.all([
    sandbox.load(join(fixtures, 'sandbox-malicious'), { key: 'evil@org-evil', egressAllow: [] }),
    sandbox.load(join(fixtures, 'sandbox-partner'), { key: 'notes@org-good', egressAllow: [] }),
    patientSandbox.load(join(fixtures, 'sandbox-malicious'), { key: 'evil@org-evil', egressAllow: [] }),
  ]);
  evil = (await createTestHost(attacks.definition)).extension('exporter');
  patientEvil = (await createTestHost(patientAttacks.definition)).extension('exporter');
  notes = (await createTestHost(partner.definition)).extension('exporter');
});

afterAll(async () => {
  await Promise.all([sandbox.close(), patientSandbox.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

describe('a malicious plugin, sandboxed', () => {
  it('sees no environment', async () => {
    process.env.MIRAI_SECRET_KEY_PROBE = 'do-not-leak';
    const result = await attack('env');
    expect(result.output ?? '').not.toContain('do-not-leak');
    expect(['{}', 'null']).toContain(result.output);
  });

  it("cannot read the data directory's secret.key or pgdata, and has no dataDir", async () => {
    for (const [name, target] of [
      ['read-file', join(dataDir, 'secret.key')],
      ['list-dir', join(dataDir, 'pgdata')],
    ] as const) {
      const result = await attack(name, target);
      expect(result.code).toBe('MIRAI_ERR_PLUGIN_CALL_FAILED');
      expect(JSON.stringify(result)).not.toContain('TOP-SECRET');
    }
    expect((await attack('data-dir')).code).toBe('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED');
  });

  it("cannot connect to PostgreSQL's or Redis' port, directly or through egress", async () => {
    expect((await attack('connect-postgres')).code).toBe('MIRAI_ERR_PLUGIN_CALL_FAILED');
    expect((await attack('connect-redis')).code).toBe('MIRAI_ERR_PLUGIN_CALL_FAILED');
    expect((await attack('fetch', 'http://127.0.0.1:5432/')).code).toBe('MIRAI_ERR_PLUGIN_CALL_FAILED');
    expect((await attack('egress', 'http://127.0.0.1:6379/')).code).toBe('MIRAI_ERR_PLUGIN_EGRESS_REFUSED');
    expect((await attack('egress', 'https://example.com/')).code).toBe('MIRAI_ERR_PLUGIN_EGRESS_REFUSED');
  });

  it('opens no listener on the host and spawns no process', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    await attack('listen', String(port));
    const reached = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(true)).on('error', () => resolve(false));
      socket.unref();
    });
    expect(reached).toBe(false);
    expect((await attack('spawn')).code).toBe('MIRAI_ERR_PLUGIN_CALL_FAILED');
  });

  it("is refused another organisation's context and other organisations' events; its state is its organisation's", async () => {
    expect((await attack('other-organisation', 'org-good')).code).toBe('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED');
    expect((await attack('events')).code).toBe('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED');
    expect((await attack('state', 'v')).output).toBe('"v"');
    expect([...stateStore.keys()]).toEqual(['evil-attacks/org-evil/mine']);
  });

  it('is stopped when it loops forever or allocates without end, restarted, and the other plugin carries on', async () => {
    expect((await attack('loop')).code).toBe('MIRAI_ERR_PLUGIN_SANDBOX_TIMEOUT');
    expect((await attack('allocate', '', patientEvil)).code).toBe('MIRAI_ERR_PLUGIN_SANDBOX_MEMORY');
    expect((await attack('allocate-buffers', '', patientEvil)).code).toBe('MIRAI_ERR_PLUGIN_SANDBOX_MEMORY');
    // Restarted: the next call works.
    expect((await attack('state', 'again')).output).toBe('"again"');
    expect((await attack('state', 'again', patientEvil)).output).toBe('"again"');
    expect(await notes.fileName(course)).toBe('c.txt');
  });

  it('limits time per call: the looping call fails with TIMEOUT, a call cut short beside it with RESTARTED, and the next call works', async () => {
    // The loop's time limit starts first, so it is the one that runs out; the hanging call is in flight on the same process.
    const looping = attack('loop');
    const beside = attack('hang');
    expect((await looping).code).toBe('MIRAI_ERR_PLUGIN_SANDBOX_TIMEOUT');
    expect((await beside).code).toBe('MIRAI_ERR_PLUGIN_SANDBOX_RESTARTED');
    expect((await attack('state', 'after')).output).toBe('"after"');
  });

  it('holds the time limit of a call whose caller went away, stopping a worker that still loops', async () => {
    const caller = new AbortController();
    const settings = { attack: 'loop' };
    const call = evil.export(course, { settings, readAsset: async () => null, signal: caller.signal }, { tenantId: 'org-evil', config: {} });
    const first = call[Symbol.asyncIterator]().next();
    // The caller gives up while the plugin loops; nothing else calls it afterwards.
    setTimeout(() => caller.abort(new Error('the caller went away')), 500);
    await expect(first).rejects.toThrow('the caller went away');
    const restarted = () => warnings.some((warning) => warning.msg.includes('restarting') && warning.reason === 'timeout');
    warnings.length = 0;
    while (!restarted()) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await attack('state', 'free')).output).toBe('"free"');
  });

  it('refuses, at load, a plugin that provides what only trusted plugins may', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mirai-auth-plugin-'));
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'evil-auth', version: '1.0.0', type: 'module', mirai: { plugin: './index.js' } }),
    );
    await writeFile(
      join(dir, 'index.js'),
      "import { definePlugin } from '@mirai/sdk-plugin';\nexport default definePlugin({ name: 'evil-auth', version: '1.0.0', engine: '^1.0.0', capabilities: ['auth'], register() {} });\n",
    );
    await expect(sandbox.load(dir, { key: 'evil-auth', egressAllow: [] })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_SANDBOX_CAPABILITY_REFUSED',
    });
    await rm(dir, { recursive: true, force: true });
  });
});
