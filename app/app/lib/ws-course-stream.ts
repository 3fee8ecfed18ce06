import type { components } from '../api/schema';

/**
 * One event of a job stream, as /v1/ws sends it (docs/realtime.md): a union discriminated by
 * `event`, generated from the core's event catalogue, so a reducer's `switch (message.event)` knows
 * each event's `data`.
 */
export type StreamMessage = components['schemas']['JobStreamMessage'];
export type StreamEventName = StreamMessage['event'];
/** A job of the course that was queued or running when the course was subscribed, with its kind. */
export type ActiveJob = Extract<components['schemas']['JobStreamSubscribed'], { courseId: string }>['activeJobs'][number];

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** The subset of the browser WebSocket this client uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface CourseStreamOptions {
  courseId: string;
  /** Resolves to the websocket URL with a fresh ticket (the app's ws-ticket loader). */
  socketUrl: () => Promise<string>;
  onEvent: (message: StreamMessage) => void;
  onStatus?: (status: StreamStatus) => void;
  /** Told about every active job when (re)subscribing, e.g. to learn an outline job is running (by its `kind`). */
  onActiveJobs?: (jobs: ActiveJob[]) => void;
  openSocket?: (url: string) => SocketLike;
  /** Delay before reconnect attempt n (1-based). */
  backoffMs?: (attempt: number) => number;
}

const OPEN = 1;
const defaultBackoff = (attempt: number) => Math.min(250 * 2 ** (attempt - 1), 5000);

/**
 * Follows every generation job of one course. The server decides what to replay: it sends each
 * stream of the course whole, from its first event, and a job subscription from the `afterSeq` it
 * is given. This client only keeps its position (the last `seq` per stream) and resumes from it:
 * after a reconnect (with a new ticket), for an active job the server lists, or if a message is
 * ever missing. So the page catches up on what it missed, in order, without duplicates or reload.
 */
export class CourseStream {
  readonly #options: CourseStreamOptions;
  readonly #lastSeq = new Map<string, number>();
  /** What was delivered, per stream, for `replay` to hand again to a page that learns a job id late. */
  readonly #delivered = new Map<string, StreamMessage[]>();
  /** Streams asked for again after a gap, until the server confirms. */
  readonly #resubscribing = new Set<string>();
  #socket: SocketLike | null = null;
  #attempt = 0;
  #closed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: CourseStreamOptions) {
    this.#options = options;
  }

  get lastSeq(): ReadonlyMap<string, number> {
    return this.#lastSeq;
  }

  start(): void {
    this.#closed = false;
    void this.#connect();
  }

  /** Follows a job from its first event (or from where this stream already is). */
  follow(jobId: string): void {
    if (!this.#lastSeq.has(jobId)) this.#lastSeq.set(jobId, 0);
    this.#subscribeJob(jobId);
  }

  /**
   * Hands the job's events delivered so far to `onEvent` again, then follows it: for a page that
   * starts listening only once the job's id is known (its first events may already have passed).
   * Nothing is asked of the server again; it sends only what this client has not had.
   */
  replay(jobId: string): void {
    for (const message of this.#delivered.get(jobId) ?? []) this.#options.onEvent(message);
    this.follow(jobId);
  }

  /** Drops the connection as a network failure would; the stream reconnects by itself. */
  drop(): void {
    this.#socket?.close(4000, 'dropped');
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'done');
    this.#options.onStatus?.('closed');
  }

  async #connect(): Promise<void> {
    this.#options.onStatus?.(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    let url: string;
    try {
      url = await this.#options.socketUrl();
    } catch {
      this.#scheduleReconnect();
      return;
    }
    if (this.#closed) return;
    const socket = (this.#options.openSocket ?? ((u: string) => new WebSocket(u) as unknown as SocketLike))(url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#attempt = 0;
      this.#resubscribing.clear();
      this.#send({ type: 'subscribe', courseId: this.#options.courseId });
      for (const jobId of this.#lastSeq.keys()) this.#subscribeJob(jobId);
      this.#options.onStatus?.('live');
    };
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#scheduleReconnect();
    };
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    this.#attempt += 1;
    this.#options.onStatus?.('reconnecting');
    this.#timer = setTimeout(() => void this.#connect(), (this.#options.backoffMs ?? defaultBackoff)(this.#attempt));
  }

  #send(message: object): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(message));
  }

  #subscribeJob(jobId: string): void {
    this.#send({ type: 'subscribe', jobId, afterSeq: this.#lastSeq.get(jobId) ?? 0 });
  }

  #receive(raw: unknown): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(String(raw)) as Record<string, unknown>;
    } catch {
      return;
    }
    if (message.type === 'subscribed' && Array.isArray(message.activeJobs)) {
      const active = (message.activeJobs as ActiveJob[]).filter((job) => typeof job.jobId === 'string');
      // Streams already followed are resubscribed on open; new ones are replayed from the start.
      for (const job of active) if (!this.#lastSeq.has(job.jobId)) this.follow(job.jobId);
      this.#options.onActiveJobs?.(active);
      return;
    }
    if (message.type === 'subscribed' && typeof message.jobId === 'string') {
      this.#resubscribing.delete(message.jobId);
      return;
    }
    if (message.type !== 'event' || typeof message.jobId !== 'string' || typeof message.seq !== 'number') return;
    const jobId = message.jobId;
    const last = this.#lastSeq.get(jobId);
    // Delivery is strictly in order from the first event. The server sends streams whole and in
    // order, so a gap means a message went missing: resume from this client's position; the
    // server sends the skipped events in order, and this one after them.
    if (message.seq !== (last ?? 0) + 1) {
      if (last !== undefined && message.seq <= last) return;
      if (!this.#lastSeq.has(jobId)) this.#lastSeq.set(jobId, 0);
      if (!this.#resubscribing.has(jobId)) {
        this.#resubscribing.add(jobId);
        this.#subscribeJob(jobId);
      }
      return;
    }
    this.#lastSeq.set(jobId, message.seq);
    // The server sends only catalogue events (it refuses others when they are published).
    if (typeof message.event !== 'string' || typeof message.data !== 'object' || message.data === null) return;
    const delivered = message as unknown as StreamMessage;
    const history = this.#delivered.get(jobId);
    if (history === undefined) this.#delivered.set(jobId, [delivered]);
    else history.push(delivered);
    this.#options.onEvent(delivered);
  }
}
