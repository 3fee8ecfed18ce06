import { join } from 'node:path';
import type { CourseDocument, Exporter } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import autocannon from 'autocannon';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { createPluginSandbox } from './index.ts';

const fixture = join(import.meta.dirname, '../../../../tests/fixtures/sandbox-malicious');
const logger: FastifyBaseLogger = pino({ level: 'silent' });
const course: CourseDocument = { id: 'c', title: 'C', desiredOutcome: '', language: 'en', modules: [] };
// Long enough for the loop to outlast the measurement below: it holds a core the whole time.
const sandbox = createPluginSandbox({
  logger,
  callTimeoutMs: 8_000,
  memoryLimitMb: 64,
  state: () => ({ get: async () => null, set: async () => {}, delete: async () => {} }),
});

describe('another organisation while a sandboxed plugin attacks', () => {
  let server: TestServer;
  let url: string;
  let auth: { authorization: string };
  let looper: Exporter;
  let allocator: Exporter;
  beforeAll(async () => {
    const [started, first, second] = await Promise.all([
      startTestServer(),
      sandbox.load(fixture, { key: 'evil@org-evil', egressAllow: [] }),
      sandbox.load(fixture, { key: 'evil@org-evil-too', egressAllow: [] }),
    ]);
    server = started;
    looper = (await createTestHost(first.definition)).extension('exporter');
    allocator = (await createTestHost(second.definition)).extension('exporter');
    auth = (await server.signup('bystander@example.com')).auth;
    url = await server.server.app.listen({ port: 0, host: '127.0.0.1' });
  }, 180_000);
  afterAll(async () => {
    await sandbox.close();
    await server?.close();
  });

  const attack = async (exporter: Exporter, name: string) => {
    try {
      for await (const _chunk of exporter.export(
        course,
        { settings: { attack: name }, readAsset: async () => null },
        { tenantId: 'org-evil', config: {} },
      )) {
        /* an attack yields nothing */
      }
      return null;
    } catch (error) {
      return (error as { code?: string }).code ?? null;
    }
  };
  const p99 = async () => {
    const result = await autocannon({ url: `${url}/v1/me`, headers: auth, connections: 4, amount: 300 });
    expect(result.non2xx).toBe(0);
    return result.latency.p99;
  };

  it('keeps GET /v1/me p99 within twice its idle p99 while one sandbox loops and another allocates', async () => {
    await p99(); // warm-up
    const idle = await p99();
    const attacks = Promise.all([attack(looper, 'loop'), attack(allocator, 'allocate-buffers')]);
    const during = await p99();
    expect(await attacks).toEqual(['MIRAI_ERR_PLUGIN_SANDBOX_TIMEOUT', 'MIRAI_ERR_PLUGIN_SANDBOX_MEMORY']);
    console.info(`GET /v1/me p99: idle ${idle} ms, during the attack ${during} ms`);
    // 2x of idle, with the same 25 ms allowance for scheduler noise as the extraction load test: a
    // plugin that reached the API's event loop would cost seconds here, not milliseconds.
    expect(during).toBeLessThanOrEqual(2 * idle + 25);
  }, 60_000);
});
