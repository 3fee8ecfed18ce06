import type { Orm } from '../db/orm.ts';
import { type ConsumeOptions, deliveryKey, type JobDelivery, type JobTransport, type ProcessJob } from './job-transport.ts';

interface UnfinishedRow {
  id: string;
  kind: string;
  status: string;
  attempts: number;
}

/**
 * Deliveries this process must pick up again on start: running jobs (resumed at their attempt) and
 * queued ones whose outbox row is gone (delivered into a memory queue that died). Queued jobs that
 * still have an outbox row are the relay's, so a retry's back-off is not cut short.
 */
export async function findUnfinishedDeliveries(orm: Orm): Promise<JobDelivery[]> {
  const rows = await orm.em.fork().execute<UnfinishedRow[]>(
    `select id, kind, status, attempts from job
     where status = 'running' or (status = 'queued' and not exists (select 1 from job_outbox where job_outbox.job_id = job.id))
     order by created_at, id`,
  );
  return rows.map((row) => ({ id: row.id, kind: row.kind, attempt: row.status === 'running' ? Math.max(row.attempts, 1) : row.attempts + 1 }));
}

export interface EmbeddedTransportOptions {
  orm: Orm;
  onError?: (error: unknown) => void;
}

/**
 * In-process delivery for a single-process install: a memory queue with bounded concurrency.
 * It is not a second source of truth — whatever it loses on exit, the job table still says
 * queued/running, and `consume` re-delivers that on the next start.
 */
export class EmbeddedTransport implements JobTransport {
  readonly name = 'embedded';
  readonly #orm: Orm;
  readonly #onError: (error: unknown) => void;
  readonly #waiting: JobDelivery[] = [];
  /** Keys of deliveries waiting or running, so a relay that enqueues twice does not run twice. */
  readonly #keys = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  #process: ProcessJob | null = null;
  #concurrency = 1;
  #closed = false;

  constructor(options: EmbeddedTransportOptions) {
    this.#orm = options.orm;
    this.#onError = options.onError ?? (() => undefined);
  }

  async enqueue(deliveries: readonly JobDelivery[]): Promise<void> {
    // Throwing makes the relay roll back, so the outbox rows survive for the next process.
    if (this.#closed) throw new Error('embedded job transport is closed');
    for (const delivery of deliveries) {
      const key = deliveryKey(delivery);
      if (this.#keys.has(key)) continue;
      this.#keys.add(key);
      this.#waiting.push(delivery);
    }
    this.#pump();
  }

  async consume(process: ProcessJob, options: ConsumeOptions): Promise<void> {
    this.#concurrency = Math.max(1, options.concurrency);
    await this.enqueue(await findUnfinishedDeliveries(this.#orm));
    this.#process = process;
    this.#pump();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const delivery of this.#waiting.splice(0)) this.#keys.delete(deliveryKey(delivery));
    await Promise.all(this.#running);
  }

  #pump(): void {
    const process = this.#process;
    while (process !== null && !this.#closed && this.#running.size < this.#concurrency) {
      const delivery = this.#waiting.shift();
      if (delivery === undefined) return;
      // A `released` delivery is dropped on purpose: the runner only releases while shutting down,
      // and the job row still says queued/running for the next start to pick up.
      const run: Promise<void> = process(delivery)
        .then(() => undefined, this.#onError)
        .finally(() => {
          this.#running.delete(run);
          this.#keys.delete(deliveryKey(delivery));
          this.#pump();
        });
      this.#running.add(run);
    }
  }
}
