import type { EntityManager } from '@mikro-orm/postgresql';

/** An outbox row taken for the transport. */
export interface HandedOver {
  id: string;
  job_id: string;
  tenant_id: string;
  kind: string;
  attempt: number;
}

export interface FairBatch {
  rows: HandedOver[];
  /** Some tenant has due rows beyond its limit: a job ending now frees a slot worth a pass. */
  heldBack: boolean;
  /** Another relay held the hand-over lock: nothing was taken, try again shortly. */
  busy: boolean;
}

type BatchRow = { [K in keyof HandedOver]: HandedOver[K] | null } & { held: boolean };

/**
 * Held for one relay pass by every relay of the deployment (a transaction-scoped advisory lock, so
 * a crashed relay's connection frees it). Counting a tenant's jobs in flight and handing more over
 * must not interleave between two relays, or both would see one free slot and fill it twice. Tried,
 * never awaited: a relay that finds it taken skips its pass (the holder is handing over anyway), so
 * no pass waits on another process, and a relay's `stop()` never waits longer than one bounded pass.
 */
export const HAND_OVER_LOCK = { classId: 1296648521, objectId: 1 } as const;
const TRY_RELAY_LOCK = `select pg_try_advisory_xact_lock(${HAND_OVER_LOCK.classId}, ${HAND_OVER_LOCK.objectId}) as locked`;

/** Any row lock the pass meets (the deferred foreign key check at commit included) fails it instead of holding it. */
const BOUND_LOCK_WAITS = "set local lock_timeout = '5s'";

/**
 * A handed-over job stops occupying its tenant's slot when its row says the delivery is over:
 * finished, waiting for its children (a waiting parent runs nothing), or back in the outbox (a
 * retry, or a re-send by the recovery sweep, which is counted again when handed over again).
 * Jobs deleted with their tenant leave through the foreign key's cascade.
 */
const PRUNE_FLIGHT = `delete from job_flight using job
  where job.id = job_flight.job_id
    and (job.status not in ('queued', 'running') or job.awaiting_children
         or exists (select 1 from job_outbox where job_outbox.job_id = job_flight.job_id))`;

/**
 * One statement: for every tenant with outbox rows (found by a skip scan of the tenant index, so
 * the cost follows the number of tenants, not of waiting rows), its oldest due rows up to its free
 * slots (`limit` minus its jobs in flight), plus one more as a probe; of those within the limit,
 * the batch goes least-loaded first: a row's `slot` is the number its tenant would have in flight
 * with it, so tenants take turns, and a tenant with nothing in flight goes before one with many.
 * The rows are deleted from the outbox and recorded in `job_flight` in the same statement. `held`
 * says a probe found a due row beyond some tenant's limit (one row, with no job, if none moved).
 */
const TAKE_FAIR_BATCH = `with recursive
  tenants as (
    (select tenant_id from job_outbox order by tenant_id limit 1)
    union all
    select (select o.tenant_id from job_outbox o where o.tenant_id > tenants.tenant_id order by o.tenant_id limit 1)
    from tenants where tenants.tenant_id is not null
  ),
  flying as (select tenant_id, count(*)::int as n from job_flight group by tenant_id),
  candidates as (
    select due.*, coalesce(flying.n, 0) + row_number() over (partition by due.tenant_id order by due.id) as slot
    from tenants
    left join flying on flying.tenant_id = tenants.tenant_id
    cross join lateral (
      select o.id, o.job_id, o.tenant_id, o.kind, o.attempt from job_outbox o
      where o.tenant_id = tenants.tenant_id and o.available_at <= now()
      order by o.id limit greatest(0, least(?::int - coalesce(flying.n, 0), ?::int)) + 1
      for update skip locked
    ) due
    where tenants.tenant_id is not null
  ),
  picked as (select id, slot from candidates where slot <= ?::int order by slot, id limit ?::int),
  moved as (
    delete from job_outbox using picked where job_outbox.id = picked.id
    returning job_outbox.id, job_outbox.job_id, job_outbox.tenant_id, job_outbox.kind, job_outbox.attempt, picked.slot
  ),
  flown as (
    -- One row per job even when a job had two rows in the batch (an operator's retry beside a re-send).
    insert into job_flight (job_id, tenant_id, attempt)
    select distinct on (job_id) job_id, tenant_id, attempt from moved order by job_id, attempt desc
    on conflict (job_id) do update set attempt = excluded.attempt, handed_over_at = now()
  )
  select moved.id::text, moved.job_id, moved.tenant_id, moved.kind, moved.attempt, probe.held
  from (select exists (select 1 from candidates where slot > ?::int) as held) probe
  left join moved on true order by moved.slot, moved.id`;

/**
 * Takes the next fair batch of due outbox rows in the caller's transaction: at most `tenantLimit`
 * jobs of one tenant in flight (handed over and not yet over), at most `batchSize` rows. The caller
 * hands them to the transport before committing; a rollback puts them back and forgets the flight.
 */
export async function takeFairBatch(em: EntityManager, tenantLimit: number, batchSize: number): Promise<FairBatch> {
  const [lock] = await em.execute<Array<{ locked: boolean }>>(TRY_RELAY_LOCK);
  if (lock?.locked !== true) return { rows: [], heldBack: false, busy: true };
  await em.execute(BOUND_LOCK_WAITS);
  await em.execute(PRUNE_FLIGHT);
  const result = await em.execute<BatchRow[]>(TAKE_FAIR_BATCH, [tenantLimit, batchSize, tenantLimit, batchSize, tenantLimit]);
  const rows: HandedOver[] = [];
  for (const row of result)
    if (row.id !== null && row.job_id !== null && row.tenant_id !== null && row.kind !== null && row.attempt !== null)
      rows.push({ id: row.id, job_id: row.job_id, tenant_id: row.tenant_id, kind: row.kind, attempt: row.attempt });
  return { rows, heldBack: result[0]?.held === true, busy: false };
}
