import { withTimeout } from '../async/with-timeout.ts';
import type { Orm } from '../db/orm.ts';
import type { JobTransport } from './job-transport.ts';
import { takeFairBatch } from './tenant-hand-over.ts';
import { BORROW_RESERVE, DEFAULT_TENANT_JOB_LIMIT } from './tenant-job-defaults.ts';

export interface OutboxRelayOptions {
  orm: Orm;
  transport: JobTransport;
  /** Poll interval while idle (default 200 ms); `kick()` skips the wait after a commit. */
  pollMs?: number;
  /** Rows moved per transaction (default 100). */
  batchSize?: number;
  /**
   * Jobs of one tenant in flight (handed over, not yet finished) while another tenant has due work
   * (default DEFAULT_TENANT_JOB_LIMIT); beyond it a tenant only borrows idle worker slots.
   */
  tenantJobLimit?: number;
  /** Worker slots never lent beyond a tenant's limit, so a tenant that arrives starts at once (default BORROW_RESERVE). */
  reserveSlots?: number;
  /** An enqueue that hangs this long fails the pass (default 10 s): the transaction must stay short. */
  enqueueTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Moves due outbox rows to the transport, fairly between tenants (tenant-hand-over.ts): a tenant's
 * rows wait here while it has `tenantJobLimit` jobs in flight and another tenant has work to hand
 * over or the deployment's worker slots are busy, and the tenants with the fewest go first, so one
 * tenant's flood never queues in the transport ahead of another's work, yet a tenant alone may use
 * the workers' idle slots (all but `reserveSlots`). Rows are deleted and enqueued in one
 * transaction, so a transport that fails (Redis down) rolls the delete back and the rows wait for
 * the next pass. Relays in several processes take turns (one advisory lock per pass); a delivery
 * enqueued twice anyway (commit lost after enqueue) is deduped by the transport and ignored by the
 * runner. Call `kick()` when a job ends too: its slot is free.
 */
export class OutboxRelay {
  readonly #options: OutboxRelayOptions;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | null = null;
  #again = false;
  #failures = 0;
  #running = false;
  /** The last pass left due rows waiting on a tenant's limit or busy workers (or could not tell: another relay had the lock). */
  #heldBack = false;
  /** The last pass found another relay handing over. */
  #busy = false;

  constructor(options: OutboxRelayOptions) {
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    this.#schedule(0);
  }

  /** Deliver now: call after committing a transaction that created jobs. */
  kick(): void {
    if (!this.#running) return;
    if (this.#pass === null) this.#schedule(0);
    else this.#again = true;
  }

  /**
   * A job ended, so its tenant has a slot free and a worker slot may be idle: deliver now if the
   * last pass held rows back (otherwise nothing waits for that slot, and a pass would find nothing to do).
   */
  slotFreed(): void {
    if (this.#heldBack) this.kick();
  }

  /**
   * Waits for a pass in progress; nothing is enqueued afterwards, and no pass starts (`kick()` and
   * `slotFreed()` are no-ops once stopped). A pass never waits on another relay (the hand-over lock
   * is tried, not awaited) and its row-lock waits and enqueue are bounded, so this returns promptly.
   */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#pass;
  }

  /** One transaction's worth of rows; returns how many were handed to the transport. */
  relayOnce(): Promise<number> {
    const { orm, transport, batchSize = 100, tenantJobLimit = DEFAULT_TENANT_JOB_LIMIT, reserveSlots = BORROW_RESERVE } = this.#options;
    const { enqueueTimeoutMs = 10_000 } = this.#options;
    return orm.em.fork().transactional(async (em) => {
      const { rows, heldBack, busy } = await takeFairBatch(em, { tenantLimit: tenantJobLimit, batchSize, reserve: reserveSlots });
      this.#busy = busy;
      this.#heldBack = heldBack || busy;
      // One batch: the transaction stays open until the transport answers, so it is handed over in
      // one go (a pipeline on Redis) rather than row by row. Any failure rolls the whole batch back
      // (the transport dedupes what did get through when the rows come round again).
      if (rows.length > 0)
        await withTimeout(
          transport.enqueue(rows.map((row) => ({ id: row.job_id, kind: row.kind, attempt: row.attempt }))),
          enqueueTimeoutMs,
          `job transport did not accept the deliveries within ${enqueueTimeoutMs} ms`,
        );
      return rows.length;
    });
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    if (this.#running) this.#timer = setTimeout(() => this.#loop(), delayMs);
  }

  #loop(): void {
    if (!this.#running) return;
    const { pollMs = 200, batchSize = 100, onError } = this.#options;
    let nextMs = pollMs;
    this.#pass = this.relayOnce()
      .then((moved) => {
        this.#failures = 0;
        if (moved >= batchSize) nextMs = 0;
        // Another relay is handing over: its pass may have missed rows committed meanwhile.
        else if (this.#busy) nextMs = Math.min(pollMs, 25);
      })
      .catch((error: unknown) => {
        onError?.(error);
        // Back off while the transport or database is down instead of hammering it.
        this.#failures += 1;
        nextMs = Math.min(pollMs * 2 ** this.#failures, 5000);
      })
      .finally(() => {
        this.#pass = null;
        if (this.#again && this.#failures === 0 && !this.#busy) nextMs = 0;
        this.#again = false;
        this.#schedule(nextMs);
      });
  }
}
