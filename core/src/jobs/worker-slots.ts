import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.ts';

export interface WorkerSlotsOptions {
  orm: Orm;
  /** Jobs this process runs at once (the concurrency it consumes with). */
  slots: number;
  /** How often the claim is renewed (default 5 s). */
  beatMs?: number;
  /** How long a claim counts without renewal (default three beats): a worker that dies stops counting after this. */
  ttlMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Claims that stopped being renewed long ago are deleted by each worker as it starts; expired ones
 * stop counting at once, this only keeps the table small (one row per worker process ever started).
 */
const FORGET_AFTER = "interval '1 hour'";

/**
 * This process's worker slots in `job_worker`, so every relay of the deployment (API processes
 * included, which run no jobs) knows how many jobs the workers can run at once and may lend the
 * idle ones to a tenant beyond its limit (tenant-hand-over.ts). The claim is renewed on a
 * heartbeat and carries its own expiry, so workers that come and go (replicas scaled, a process
 * killed) change the capacity without anyone deregistering them; a graceful stop withdraws it at once.
 */
export class WorkerSlots {
  readonly id = randomUUID();
  readonly #options: WorkerSlotsOptions;
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | null = null;

  constructor(options: WorkerSlotsOptions) {
    if (!Number.isInteger(options.slots) || options.slots < 1) throw new Error(`worker slots must be a positive integer, got ${options.slots}`);
    this.#options = options;
  }

  /** Claims the slots (awaited, so the first relay pass after it can lend them), then renews them on a timer. */
  async start(): Promise<void> {
    await this.beat();
    await this.#options.orm.em.fork().execute(`delete from job_worker where expires_at < now() - ${FORGET_AFTER}`);
    const { beatMs = 5_000, onError } = this.#options;
    clearInterval(this.#timer);
    this.#timer = setInterval(() => {
      this.#beating ??= this.beat()
        .catch((error: unknown) => onError?.(error))
        .finally(() => {
          this.#beating = null;
        });
    }, beatMs);
    this.#timer.unref();
  }

  /** Claims or renews the slots until `ttlMs` from now (database clock). */
  async beat(): Promise<void> {
    const { orm, slots, beatMs = 5_000, ttlMs = 3 * beatMs } = this.#options;
    await orm.em.fork().execute(
      `insert into job_worker (id, slots, seen_at, expires_at) values (?, ?, now(), now() + ?::int * interval '1 millisecond')
         on conflict (id) do update set slots = excluded.slots, seen_at = excluded.seen_at, expires_at = excluded.expires_at`,
      [this.id, slots, ttlMs],
    );
  }

  /**
   * Stops renewing and withdraws the claim, so relays stop lending slots this process no longer
   * runs. A withdrawal that fails (database gone) is reported, not thrown: the claim expires anyway.
   */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#beating;
    await this.#options.orm.em
      .fork()
      .execute('delete from job_worker where id = ?', [this.id])
      .catch((error: unknown) => this.#options.onError?.(error));
  }
}

/** Jobs the deployment's workers can run at once: the slots of every unexpired claim (SQL, for the relay's batch statement). */
export const DEPLOYMENT_SLOTS_SQL = 'select coalesce(sum(slots), 0)::int from job_worker where expires_at > now()';

/** The same sum on its own. */
export async function deploymentSlots(em: EntityManager): Promise<number> {
  const [row] = await em.execute<Array<{ slots: number }>>(`select (${DEPLOYMENT_SLOTS_SQL}) as slots`);
  return row?.slots ?? 0;
}
