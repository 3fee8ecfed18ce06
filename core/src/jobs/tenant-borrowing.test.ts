import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import type { JobDelivery } from './job-transport.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { BORROW_RESERVE } from './tenant-job-defaults.ts';
import { sleep, until } from './testing/job-harness.ts';
import { createTenantJobs, jobsInFlight, newTenant, recordingTransport, sql as sqlOn } from './testing/tenant-jobs.ts';
import { deploymentSlots, WorkerSlots } from './worker-slots.ts';

// Lending idle worker slots beyond a tenant's limit (tenant-hand-over.ts), with a transport that
// records deliveries, SQL standing in for workers, and worker slots claimed as a worker process does.
let db: JobsTestDatabase;
beforeAll(async () => {
  db = await startJobsTestDatabase();
});
afterAll(() => db?.close());

const sql = <T>(query: string, params: unknown[] = []) => sqlOn<T>(db, query, params);
const finish = (ids: readonly string[]) => sql(`update job set status = 'completed', finished_at = now() where id in (?)`, [ids]);
const idsOf = (deliveries: readonly JobDelivery[]) => deliveries.map((delivery) => delivery.id);

/** Ends a test's tenants' work: their jobs finished, their waiting rows gone, so later tests start with idle workers. */
async function settle(tenants: readonly string[]): Promise<void> {
  await sql(`update job set status = 'completed', finished_at = now() where tenant_id in (?)`, [tenants]);
  await sql('delete from job_outbox where tenant_id in (?)', [tenants]);
}

async function claimSlots(slots: number): Promise<WorkerSlots> {
  const claim = new WorkerSlots({ orm: db.orm, slots });
  await claim.start();
  return claim;
}

it('lends a tenant alone the idle slots but the reserve; a tenant that arrives is served first, and lending follows the least loaded', async () => {
  const workers = [await claimSlots(5), await claimSlots(3)];
  const [a, b] = [await newTenant(db), await newTenant(db)];
  try {
    const aIds = await createTenantJobs(db, a, 20);
    const transport = recordingTransport();
    const relay = new OutboxRelay({ orm: db.orm, transport, tenantJobLimit: 2, reserveSlots: 1 });
    // 8 slots, 1 reserved: A's 2 within its limit and 5 borrowed, oldest first.
    expect(await relay.relayOnce()).toBe(7);
    expect(idsOf(transport.delivered)).toEqual(aIds.slice(0, 7));
    expect(await relay.relayOnce()).toBe(0);
    // B's rows within its limit go at once, although A's loans fill the workers (they queue in the
    // transport ahead of anything lent later); nothing more is lent.
    const bIds = await createTenantJobs(db, b, 6);
    expect(await relay.relayOnce()).toBe(2);
    expect(idsOf(transport.delivered.slice(7))).toEqual(bIds.slice(0, 2));
    // Three of A's jobs end: A has 4 in flight, B 2, one slot is idle. It goes to B, the less loaded.
    await finish(aIds.slice(0, 3));
    expect(await relay.relayOnce()).toBe(1);
    expect(idsOf(transport.delivered.slice(9))).toEqual(bIds.slice(2, 3));
    expect(await relay.relayOnce()).toBe(0);
    // B's three end: B's next two are within its limit, the one idle slot left is lent to B again (3 < A's 5).
    await finish(bIds.slice(0, 3));
    expect(await relay.relayOnce()).toBe(3);
    expect(idsOf(transport.delivered.slice(10))).toEqual(bIds.slice(3, 6));
    // B has nothing more waiting: as A's jobs end, A borrows again up to the capacity.
    await finish(aIds.slice(3, 5));
    expect(await relay.relayOnce()).toBe(2);
    expect(idsOf(transport.delivered.slice(13))).toEqual(aIds.slice(7, 9));
    expect([await jobsInFlight(db, a), await jobsInFlight(db, b)]).toEqual([4, 3]);
  } finally {
    for (const worker of workers) await worker.stop();
    await settle([a, b]);
  }
});

it('lends nothing beyond the limit once the workers that claimed the slots stopped or stopped renewing their claim', async () => {
  const tenant = await newTenant(db);
  const ids = await createTenantJobs(db, tenant, 12);
  const transport = recordingTransport();
  const relay = new OutboxRelay({ orm: db.orm, transport, tenantJobLimit: 2, reserveSlots: 1 });
  const stopping = await claimSlots(2);
  // Claimed once and never renewed, as by a worker that died right after starting. Its claim runs
  // out below by moving its expiry into the past, not by waiting for a short one: on a busy machine
  // a short one ran out while the steps before still needed it.
  const dying = new WorkerSlots({ orm: db.orm, slots: 4, beatMs: 60_000, ttlMs: 600_000 });
  await dying.beat();
  try {
    expect(await relay.relayOnce()).toBe(5);
    await finish(ids.slice(0, 5));
    await stopping.stop();
    // Only the dying worker's 4 slots count now: the limit's 2 and 1 lent.
    expect(await relay.relayOnce()).toBe(3);
    await finish(ids.slice(5, 8));
    await db.orm.em.fork().execute("update job_worker set expires_at = now() - interval '1 second' where id = ?", [dying.id]);
    expect(await deploymentSlots(db.orm.em.fork())).toBe(0);
    // Its claim expired: the limit alone.
    expect(await relay.relayOnce()).toBe(2);
    expect(await relay.relayOnce()).toBe(0);
    expect(idsOf(transport.delivered)).toEqual(ids.slice(0, 10));
  } finally {
    await stopping.stop();
    await dying.stop();
    await settle([tenant]);
  }
});

it('never has more jobs in flight than the slots but the reserve with several relays at once, delivering each job exactly once', async () => {
  const limit = 2;
  const workers = [await claimSlots(4), await claimSlots(2)];
  const tenants = [await newTenant(db), await newTenant(db)];
  // Both tenants' rows wait from the start: with 2 × limit ≤ 6 − 1 slots, every job in flight beyond
  // a limit was lent, and lending stays within the idle slots however the relays interleave.
  const ids = (await Promise.all(tenants.map((tenant, index) => createTenantJobs(db, tenant, [40, 12][index] ?? 0)))).flat();
  let inFlight = 0;
  let peak = 0;
  let relays: OutboxRelay[] = [];
  // A worker stand-in: each delivery ends its job a few milliseconds later, then frees the slot.
  const work = (deliveries: readonly JobDelivery[]) => {
    inFlight += deliveries.length;
    peak = Math.max(peak, inFlight);
    for (const delivery of deliveries)
      void sleep(Math.random() * 15)
        .then(() => finish([delivery.id]))
        .then(() => {
          inFlight -= 1;
          for (const relay of relays) relay.slotFreed();
        });
  };
  const transports = [recordingTransport(work), recordingTransport(work)];
  relays = transports.map((transport) => new OutboxRelay({ orm: db.orm, transport, pollMs: 5, batchSize: 4, tenantJobLimit: limit }));
  for (const relay of relays) relay.start();
  const delivered = () => transports.flatMap((transport) => idsOf(transport.delivered));
  try {
    await until(() => delivered().length >= ids.length, 60_000);
    await until(() => inFlight === 0, 10_000);
  } finally {
    await Promise.all(relays.map((relay) => relay.stop()));
    for (const worker of workers) await worker.stop();
    await settle(tenants);
  }
  expect(delivered().sort()).toEqual([...ids].sort());
  expect(peak).toBe(6 - BORROW_RESERVE);
});
