import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, createTestRedis } from '@mirai/core/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { signUp } from '../support/generation-client.ts';
import { repoRoot } from '../support/paths.ts';
import { migrate, startCluster } from '../support/scale-out-cluster.ts';

const serverMode = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '' && (process.env.MIRAI_TEST_REDIS_URL ?? '') !== '';
const PERIOD_SECONDS = 2;
const PERIOD_MS = PERIOD_SECONDS * 1000;
const OBSERVE_MS = 11_000;

/** A plugin folder holding core's billing-fake fixture, which records every reconcile call in its state. */
async function fixturePluginDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mirai-billing-plugins-'));
  await symlink(join(repoRoot, 'core', 'test-fixtures', 'plugins', 'billing-fake'), join(dir, 'billing-fake'), 'dir');
  return dir;
}

describe.skipIf(!serverMode)('server mode: billing reconciliation with two worker processes', () => {
  it.each(['redis', 'postgres'])(
    'runs once per period across both workers (BullMQ job scheduler on %s + period claim)',
    async (queueBackend) => {
      const database = await createTestDatabase();
      const redis = createTestRedis();
      const env = {
        ...database.env,
        ...redis.env,
        QUEUE_BACKEND: queueBackend,
        // With QUEUE_BACKEND=postgres the namespace is a schema name, which must be a plain identifier.
        MIRAI_QUEUE_NAMESPACE: `billing_${queueBackend}_${Date.now()}`,
        MIRAI_BILLING_RECONCILE_SECONDS: String(PERIOD_SECONDS),
        MIRAI_PLUGIN_PATHS: await fixturePluginDir(),
      };
      await migrate(env);
      const cluster = await startCluster(`billing-reconcile-${queueBackend}`, { apis: 1, workers: 2 }, env);
      const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
      let from = 0;
      let to = 0;
      try {
        const session = await signUp(cluster.apis[0]?.url ?? '', `billing-${Date.now()}@example.com`);
        const enabled = await session.call({
          method: 'PUT',
          url: '/v1/plugins/billing-fake',
          payload: { enabled: true, config: { remote: { plan: 'team' } } },
        });
        expect(enabled.status).toBe(200);
        from = Date.now();
        await new Promise((resolve) => setTimeout(resolve, OBSERVE_MS));
        to = Date.now();
      } finally {
        await cluster.stop();
      }
      try {
        await client.connect();
        const calls = (
          await client.query<{ key: string }>(`select key from plugin_state where plugin_name = 'billing-fake' and key like 'reconciled:%'`)
        ).rows
          .map((row) => Number(row.key.split(':').at(-1)))
          .filter((at) => at >= from && at < to);
        const runs = (
          await client.query<{ period_start: Date; claimed_by: string; claimed_at: Date; finished_at: Date }>(
            `select period_start, claimed_by, claimed_at, finished_at from scheduled_run
           where name = 'billing-reconcile' and claimed_at >= $1 and finished_at < $2 order by period_start`,
            [new Date(from), new Date(to)],
          )
        ).rows;
        console.info(
          `billing reconcile (${queueBackend}): ${calls.length} calls and ${runs.length} runs in ${to - from} ms, claimants ${JSON.stringify([...new Set(runs.map((run) => run.claimed_by))])}`,
        );
        // Each run (one per period, by the table's key) called the tenant's plugin exactly once ...
        const runOf = (at: number) => runs.findIndex((run) => run.claimed_at.getTime() <= at && at <= run.finished_at.getTime());
        const matched = calls.map(runOf);
        expect(matched.filter((index) => index >= 0).sort((a, b) => a - b)).toEqual(runs.map((_, index) => index));
        // ... and the runs cover consecutive periods: none skipped, none twice, however many workers.
        const starts = runs.map((run) => run.period_start.getTime());
        for (const start of starts) expect(start % PERIOD_MS).toBe(0);
        expect(starts.slice(1).map((start, index) => start - (starts[index] ?? 0))).toEqual(starts.slice(1).map(() => PERIOD_MS));
        expect(runs.length).toBeGreaterThanOrEqual(Math.floor(OBSERVE_MS / PERIOD_MS) - 2);
      } finally {
        await client.end();
        await database.dispose();
        await redis.dispose();
      }
    },
    180_000,
  );
});
