import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import type { JobDelivery } from './job-transport.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { sleep, until } from './testing/job-harness.ts';
import { createTenantJobs, jobsInFlight, newTenant, recordingTransport, sql as sqlOn } from './testing/tenant-jobs.ts';

// The relay's fair hand-over alone, with a transport that records deliveries and SQL standing in
// for workers; the same rules end to end on every transport are in testing/job-transport-contract.ts.
let db: JobsTestDatabase;
beforeAll(async () => {
  db = await startJobsTestDatabase();
});
afterAll(() => db?.close());

const sql = <T>(query: string, params: unknown[] = []) => sqlOn<T>(db, query, params);
const createJobs = (tenantId: string, count: number) => createTenantJobs(db, tenantId, count);
const recorder = recordingTransport;

const finish = (ids: readonly string[]) => sql(`update job set status = 'completed', finished_at = now() where id in (?)`, [ids]);

it("holds a tenant's rows at its limit, serves the tenant with fewer in flight first, and frees a slot when a job ends", async () => {
  const [flood, single] = [await newTenant(db), await newTenant(db)];
  const floodIds = await createJobs(flood, 20);
  const [singleId] = await createJobs(single, 1);
  const transport = recorder();
  const relay = new OutboxRelay({ orm: db.orm, transport, tenantJobLimit: 3 });
  expect(await relay.relayOnce()).toBe(4);
  // Slot 1 of each tenant before slot 2 of either; oldest first within a slot.
  expect(transport.delivered.map((delivery) => delivery.id)).toEqual([floodIds[0], singleId, floodIds[1], floodIds[2]]);
  expect(await relay.relayOnce()).toBe(0);
  await finish([floodIds[0] ?? '', floodIds[2] ?? '']);
  expect(await relay.relayOnce()).toBe(2);
  expect(transport.delivered.slice(4).map((delivery) => delivery.id)).toEqual(floodIds.slice(3, 5));
  // A job waiting for its children, or back in the outbox for a retry, occupies no slot either.
  await sql(`update job set status = 'running', awaiting_children = true where id = ?`, [floodIds[1]]);
  await sql(`insert into job_outbox (job_id, tenant_id, kind, attempt, available_at) values (?, ?, 'fair', 2, now() + interval '1 hour')`, [
    floodIds[3],
    flood,
  ]);
  expect(await relay.relayOnce()).toBe(2);
  expect(transport.delivered.slice(6).map((delivery) => delivery.id)).toEqual(floodIds.slice(5, 7));
  expect(await jobsInFlight(db, flood)).toBe(3);
});

it('keeps every tenant at or under its limit with several relays at once, delivering each job exactly once', async () => {
  const limit = 3;
  const tenants = [await newTenant(db), await newTenant(db), await newTenant(db)];
  const ids = (await Promise.all(tenants.map((tenant, index) => createJobs(tenant, [40, 25, 5][index] ?? 0)))).flat();
  const tenantOf = new Map(
    (await sql<{ id: string; tenant_id: string }>('select id, tenant_id from job where id in (?)', [ids])).map((r) => [r.id, r.tenant_id]),
  );
  const inFlight = new Map<string, number>();
  let peak = 0;
  let relays: OutboxRelay[] = [];
  // A worker stand-in: each delivery ends its job a few milliseconds later, then frees the slot.
  const work = (deliveries: readonly JobDelivery[]) => {
    for (const delivery of deliveries) {
      const tenant = tenantOf.get(delivery.id) ?? '';
      const now = (inFlight.get(tenant) ?? 0) + 1;
      inFlight.set(tenant, now);
      peak = Math.max(peak, now);
      void sleep(Math.random() * 15)
        .then(() => finish([delivery.id]))
        .then(() => {
          inFlight.set(tenant, (inFlight.get(tenant) ?? 0) - 1);
          for (const relay of relays) relay.kick();
        });
    }
  };
  const transports = [recorder(work), recorder(work), recorder(work)];
  relays = transports.map((transport) => new OutboxRelay({ orm: db.orm, transport, pollMs: 5, batchSize: 4, tenantJobLimit: limit }));
  for (const relay of relays) relay.start();
  const delivered = () => transports.flatMap((transport) => transport.delivered.map((delivery) => delivery.id));
  try {
    await until(() => delivered().length >= ids.length, 60_000);
    await until(() => [...inFlight.values()].every((n) => n === 0), 10_000);
  } finally {
    await Promise.all(relays.map((relay) => relay.stop()));
  }
  expect(delivered().sort()).toEqual([...ids].sort());
  expect(peak).toBeLessThanOrEqual(limit);
  expect(peak).toBe(limit);
});
