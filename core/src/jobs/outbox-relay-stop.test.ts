import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { EmbeddedTransport } from './embedded-transport.ts';
import type { JobDelivery } from './job-transport.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { HAND_OVER_LOCK } from './tenant-hand-over.ts';
import { type Harness, sleep, startHarness, until } from './testing/job-harness.ts';
import { createTenantJobs, newTenant, recordingTransport } from './testing/tenant-jobs.ts';

// Stopping while jobs end (each end may wake the relay) must return promptly, start no pass
// afterwards, and lose or repeat nothing: a restart finishes the work.
let db: JobsTestDatabase;
beforeAll(async () => {
  db = await startJobsTestDatabase();
});
afterAll(() => db?.close());

/** An embedded transport that notes every hand-over, and whether it came after the harness stopped. */
class WatchedTransport extends EmbeddedTransport {
  stopped = false;
  readonly afterStop: JobDelivery[] = [];
  override async enqueue(deliveries: readonly JobDelivery[]): Promise<void> {
    if (this.stopped) this.afterStop.push(...deliveries);
    return super.enqueue(deliveries);
  }
}

it('stops while jobs end and wake the relay, hands nothing over afterwards, and a restart runs every job to completion once', async () => {
  const tenantId = await newTenant(db);
  const completions = new Map<string, number>();
  const start = (transport: EmbeddedTransport): Promise<Harness> =>
    startHarness(
      db,
      transport,
      (runner) =>
        runner.register('short', async (ctx) => {
          await sleep(5);
          completions.set(ctx.jobId, (completions.get(ctx.jobId) ?? 0) + 1);
          return {};
        }),
      { tenantJobLimit: 2, relayPollMs: 5 },
    );
  const first = new WatchedTransport({ orm: db.orm });
  const h = await start(first);
  const ids = await Promise.all(Array.from({ length: 12 }, () => h.create('short', {}, { tenantId })));
  await until(() => completions.size >= 3, 30_000);
  await h.stop();
  first.stopped = true;

  const restarted = await start(new EmbeddedTransport({ orm: db.orm }));
  try {
    for (const id of ids) expect(await restarted.waitFor(id, undefined, 30_000)).toMatchObject({ status: 'completed' });
  } finally {
    await restarted.stop();
  }
  expect(first.afterStop).toEqual([]);
  expect(ids.map((id) => completions.get(id))).toEqual(ids.map(() => 1));
});

it("skips its pass while another relay holds the hand-over lock, so stop() does not wait on the other relay's transaction", async (ctx) => {
  // PGlite has one connection: holding the lock in a transaction leaves none for the relay.
  if (db.serverUrl === null) ctx.skip();
  const tenantId = await newTenant(db);
  const [id] = await createTenantJobs(db, tenantId, 1);
  const transport = recordingTransport();
  const relay = new OutboxRelay({ orm: db.orm, transport, pollMs: 5 });
  await db.orm.em.fork().transactional(async (other) => {
    await other.execute(`select pg_advisory_xact_lock(${HAND_OVER_LOCK.classId}, ${HAND_OVER_LOCK.objectId})`);
    expect(await relay.relayOnce()).toBe(0);
    relay.start();
    relay.kick();
    await relay.stop();
  });
  expect(transport.delivered).toEqual([]);
  expect(await relay.relayOnce()).toBe(1);
  expect(transport.delivered.map((delivery) => delivery.id)).toEqual([id]);
});
