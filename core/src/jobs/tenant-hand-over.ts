import type { EntityManager } from '@mikro-orm/postgresql';
import { DEPLOYMENT_SLOTS_SQL } from './worker-slots.ts';

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
  /** Some due rows were left in the outbox: a job ending now frees a slot worth a pass. */
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
 * One statement. For every tenant with outbox rows (found by a skip scan of the tenant index, so
 * the cost follows the number of tenants, not of waiting rows), its oldest due rows up to its free
 * slots (`limit` minus its jobs in flight) plus the slots it could borrow, plus one more as a probe.
 * A row's `slot` is the number its tenant would have in flight with it.
 *
 * Rows within their tenant's limit go first, least-loaded first (by `slot`), so tenants take turns
 * and a tenant with nothing in flight goes before one with many; they go whatever the capacity, as
 * they always did. Only when every such row fits in the batch (no tenant waits within its share)
 * are rows beyond a limit handed over too, again least-loaded first, while the deployment's worker
 * slots (`job_worker`, worker-slots.ts) minus the jobs in flight minus `reserve` are idle: a tenant
 * borrows slots nobody waits for. Borrowed jobs are never taken back; the next passes just lend no
 * more while another tenant has rows within its limit or the idle slots are gone, so as jobs end
 * the waiting tenants' jobs (already queued in the transport, ahead of anything lent later) get the
 * slots. The `reserve` stays idle so that a tenant arriving while another borrows starts its first
 * job at once instead of behind a borrowed one.
 *
 * The rows are deleted from the outbox and recorded in `job_flight` in the same statement. `held`
 * says a due row was left in the outbox (one row, with no job, if none moved): a job ending may let
 * it through, either into its tenant's freed slot or as a loan of the slot it frees.
 */
const TAKE_FAIR_BATCH = `with recursive
  settings as (select ?::int as tenant_limit, ?::int as batch_size, ?::int as reserve),
  tenants as (
    (select tenant_id from job_outbox order by tenant_id limit 1)
    union all
    select (select o.tenant_id from job_outbox o where o.tenant_id > tenants.tenant_id order by o.tenant_id limit 1)
    from tenants where tenants.tenant_id is not null
  ),
  flying as (select tenant_id, count(*)::int as n from job_flight group by tenant_id),
  idle as (
    select greatest(0, (${DEPLOYMENT_SLOTS_SQL}) - settings.reserve - (select count(*)::int from job_flight))::int as slots from settings
  ),
  candidates as (
    select due.*, coalesce(flying.n, 0) + row_number() over (partition by due.tenant_id order by due.id) as slot
    from tenants
    cross join settings
    cross join idle
    left join flying on flying.tenant_id = tenants.tenant_id
    cross join lateral (
      select o.id, o.job_id, o.tenant_id, o.kind, o.attempt from job_outbox o
      where o.tenant_id = tenants.tenant_id and o.available_at <= now()
      order by o.id limit least(greatest(0, settings.tenant_limit - coalesce(flying.n, 0)) + idle.slots, settings.batch_size) + 1
      for update skip locked
    ) due
    where tenants.tenant_id is not null
  ),
  within as (select candidates.id, candidates.slot from candidates, settings where candidates.slot <= settings.tenant_limit),
  -- Idle slots left once every row within its limit is handed over (none if some do not fit in the batch).
  lendable as (
    select greatest(0, least(settings.batch_size, idle.slots) - (select count(*)::int from within)) as n from settings, idle
  ),
  picked as (
    (select id, slot from within order by slot, id limit (select batch_size from settings))
    union all
    (select candidates.id, candidates.slot from candidates, settings where candidates.slot > settings.tenant_limit
      order by candidates.slot, candidates.id limit (select n from lendable))
  ),
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
  from (select exists (select 1 from candidates where candidates.id not in (select id from picked)) as held) probe
  left join moved on true order by moved.slot, moved.id`;

export interface FairBatchLimits {
  /** Jobs of one tenant in flight (handed over and not yet over) while another tenant waits, at most. */
  tenantLimit: number;
  /** Rows per batch, at most. */
  batchSize: number;
  /** Worker slots never lent beyond a tenant's limit. */
  reserve: number;
}

/**
 * Takes the next fair batch of due outbox rows in the caller's transaction (see TAKE_FAIR_BATCH).
 * The caller hands them to the transport before committing; a rollback puts them back and forgets the flight.
 */
export async function takeFairBatch(em: EntityManager, { tenantLimit, batchSize, reserve }: FairBatchLimits): Promise<FairBatch> {
  const [lock] = await em.execute<Array<{ locked: boolean }>>(TRY_RELAY_LOCK);
  if (lock?.locked !== true) return { rows: [], heldBack: false, busy: true };
  await em.execute(BOUND_LOCK_WAITS);
  await em.execute(PRUNE_FLIGHT);
  const result = await em.execute<BatchRow[]>(TAKE_FAIR_BATCH, [tenantLimit, batchSize, reserve]);
  const rows: HandedOver[] = [];
  for (const row of result)
    if (row.id !== null && row.job_id !== null && row.tenant_id !== null && row.kind !== null && row.attempt !== null)
      rows.push({ id: row.id, job_id: row.job_id, tenant_id: row.tenant_id, kind: row.kind, attempt: row.attempt });
  return { rows, heldBack: result[0]?.held === true, busy: false };
}
