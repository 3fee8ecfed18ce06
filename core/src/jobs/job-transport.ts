/** What a transport carries: "run job `id` (of `kind`), attempt `attempt`". The job row holds everything else. */
export interface JobDelivery {
  id: string;
  kind: string;
  attempt: number;
}

/**
 * `done`: the delivery is finished with (whatever the job's outcome).
 * `released`: not processed (the process is shutting down); deliver it again later.
 */
export type DeliveryOutcome = 'done' | 'released';

export type ProcessJob = (delivery: JobDelivery) => Promise<DeliveryOutcome>;

export interface ConsumeOptions {
  /** Deliveries processed at once by this process. */
  concurrency: number;
}

/**
 * Moves deliveries from the outbox relay to workers. At-least-once: the same delivery may arrive
 * twice, so `process` (the job runner) must be idempotent — it is, because the job row decides.
 * A transport dedupes a delivery that is still pending or running under the same `deliveryKey`.
 */
export interface JobTransport {
  readonly name: string;
  /** Hands over a batch at once (the relay's, in one pipeline where the backend has one); all or a failure. */
  enqueue(deliveries: readonly JobDelivery[]): Promise<void>;
  /** Starts processing in this process; resolves once started, not when work ends. */
  consume(process: ProcessJob, options: ConsumeOptions): Promise<void>;
  /** Stops fetching, waits for deliveries in progress, releases connections. */
  close(): Promise<void>;
}

/** Identity of a delivery for dedupe. Not `id:attempt`: BullMQ 6 rejects custom ids containing `:` (unless split in 3). */
export function deliveryKey(delivery: Pick<JobDelivery, 'id' | 'attempt'>): string {
  return `${delivery.id}_${delivery.attempt}`;
}
