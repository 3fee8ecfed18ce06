import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { type BullmqBackend, BullmqTransport, type BullmqTransportOptions } from './bullmq-transport.ts';
import type { JobDelivery } from './job-transport.ts';

const redisUrl = process.env.MIRAI_TEST_REDIS_URL ?? '';
const serverMode = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '';

async function deleteKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url);
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 500 }))
      if (Array.isArray(keys) && keys.length > 0) await redis.del(...keys.map(String));
  } finally {
    redis.disconnect();
  }
}

function startWorker(options: BullmqTransportOptions): Promise<{ child: ChildProcess; started: Promise<string> }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./testing/bullmq-stall-worker.ts', import.meta.url)), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let onStarted: (id: string) => void = () => undefined;
  const started = new Promise<string>((resolve) => {
    onStarted = resolve;
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve({ child, started });
      const match = /started (\S+)/.exec(output);
      if (match?.[1] !== undefined) onStarted(match[1]);
    });
  });
}

/** BullMQ's own recovery: a worker killed mid-job loses its lock, and another worker gets the job. */
function defineStallTest(name: string, backend: () => BullmqBackend | null): void {
  describe.skipIf(backend() === null)(`bullmq on ${name}: a SIGKILLed worker`, () => {
    it('has its job re-delivered to another worker after the lock expires', async () => {
      const config = backend();
      if (config === null) return;
      const options: BullmqTransportOptions = {
        backend: config,
        queueName: `stall-${randomUUID().slice(0, 8)}`,
        namespace: name === 'redis' ? `mirai-test-${randomUUID().slice(0, 8)}` : 'bullmq',
        lockDurationMs: 1000,
        stalledIntervalMs: 500,
      };
      const { child, started } = await startWorker(options);
      const transport = new BullmqTransport(options);
      try {
        const delivery: JobDelivery = { id: randomUUID(), kind: 'hang', attempt: 1 };
        await transport.enqueue([delivery]);
        expect(await started).toBe(delivery.id);
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
        const killedAt = Date.now();
        const redelivered = new Promise<JobDelivery>((resolve) => {
          void transport.consume(
            async (again) => {
              resolve(again);
              return 'done';
            },
            { concurrency: 1 },
          );
        });
        expect(await redelivered).toEqual(delivery);
        // Lock expiry (1 s) plus at most one stalled-check interval, with scheduling slack.
        expect(Date.now() - killedAt).toBeLessThan(4000);
      } finally {
        child.kill('SIGKILL');
        await transport.close();
        if (config.kind === 'redis' && typeof config.target === 'string') await deleteKeys(config.target, `${options.namespace}:*`);
      }
    });
  });
}

let database: TestDatabase | null = null;
beforeAll(async () => {
  if (serverMode) database = await createTestDatabase();
});
afterAll(() => database?.dispose());

defineStallTest('redis', () => (redisUrl === '' ? null : { kind: 'redis', target: redisUrl }));
defineStallTest('postgres', () => {
  if (!serverMode) return null;
  return { kind: 'postgres', connectionString: database?.env.DATABASE_URL ?? '' };
});
