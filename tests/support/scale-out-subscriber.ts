import { WsTestClient } from '@mirai/core/testing';

type Message = WsTestClient['messages'][number];

/** One event of a job stream as a subscriber received it. */
export interface ReceivedStreamEvent {
  seq: number;
  event: string;
  jobId: string;
}

/** A move to another API process after the connection dropped. */
export interface Reconnect {
  from: string;
  to: string;
  afterSeq: number;
  /** From the dropped connection to the `subscribed` reply of the new one. */
  ms: number;
}

const RETRY_MS = 200;
const MAX_CONNECT_ATTEMPTS = 25;

/**
 * Follows one job stream the way a browser does: subscribes on one API process and, when that
 * connection drops, subscribes on the next process that accepts it with the last `seq` it saw.
 * Every event received on any connection is kept, duplicates included, so a test can check them.
 */
export class ResumingSubscriber {
  readonly streamJobId: string;
  readonly received: ReceivedStreamEvent[] = [];
  readonly reconnects: Reconnect[] = [];
  readonly #token: string;
  readonly #urls: readonly string[];
  #urlIndex: number;
  #client: WsTestClient | null = null;
  #closing = false;
  #settle: { resolve: () => void; reject: (error: Error) => void } | null = null;
  readonly #listeners = new Set<(event: ReceivedStreamEvent) => void>();
  readonly #finished: Promise<void>;

  private constructor(streamJobId: string, token: string, urls: readonly string[], home: number) {
    this.streamJobId = streamJobId;
    this.#token = token;
    this.#urls = urls;
    this.#urlIndex = home;
    this.#finished = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Awaited only by `finished()`; a rejection before that must not count as unhandled.
    this.#finished.catch(() => undefined);
  }

  /** Subscribes on `urls[home]` from the start of the stream. */
  static async start(streamJobId: string, token: string, urls: readonly string[], home: number): Promise<ResumingSubscriber> {
    const subscriber = new ResumingSubscriber(streamJobId, token, urls, home);
    await subscriber.#subscribe(urls[home] ?? '', 0);
    return subscriber;
  }

  /** The API process this subscriber is connected to now. */
  get url(): string {
    return this.#urls[this.#urlIndex] ?? '';
  }

  get lastSeq(): number {
    return this.received.at(-1)?.seq ?? 0;
  }

  /** Resolves once the stream's own job reported its end (completed, failed or cancelled). */
  finished(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`stream ${this.streamJobId} on ${this.url} did not end in ${timeoutMs} ms; last seq ${this.lastSeq}`)),
        timeoutMs,
      );
    });
    return Promise.race([this.#finished, timeout]).finally(() => clearTimeout(timer));
  }

  /** Calls `listener` with every event received from now on; returns the unsubscribe. */
  onEvent(listener: (event: ReceivedStreamEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.#client?.close();
  }

  #isFinal(message: Message): boolean {
    return typeof message.event === 'string' && /^job\.(completed|failed|cancelled)$/.test(message.event) && message.data?.jobId === this.streamJobId;
  }

  async #subscribe(url: string, afterSeq: number): Promise<void> {
    const client = await WsTestClient.connect(url, this.#token);
    this.#client = client;
    client.socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as Message;
      if (message.type !== 'event' || message.jobId !== this.streamJobId) return;
      const event = { seq: Number(message.seq), event: String(message.event), jobId: String(message.data?.jobId ?? '') };
      this.received.push(event);
      for (const listener of this.#listeners) listener(event);
      if (this.#isFinal(message)) this.#settle?.resolve();
    });
    const dropped = new Promise<'dropped'>((resolve) => client.socket.once('close', () => resolve('dropped')));
    client.send({ type: 'subscribe', jobId: this.streamJobId, afterSeq });
    const confirmed = client.waitFor((m) => (m.type === 'subscribed' && m.jobId === this.streamJobId) || m.type === 'error', 30_000);
    // If the connection drops first, this wait times out later; that is not a failure of its own.
    confirmed.catch(() => undefined);
    const reply = await Promise.race([confirmed, dropped]);
    if (reply === 'dropped') throw new Error(`${url} closed the connection before confirming the subscription`);
    if (reply.type === 'error') {
      await client.close();
      throw new Error(`subscribe refused on ${url}: ${JSON.stringify(reply)}`);
    }
    // Only a confirmed subscription is followed to another process when it drops.
    void dropped.then(() => {
      if (!this.#closing) void this.#resume(url);
    });
  }

  /** Tries the other processes in turn, from the one after the lost one, until one takes the subscription. */
  async #resume(lost: string): Promise<void> {
    const droppedAt = performance.now();
    for (let attempt = 1; attempt <= MAX_CONNECT_ATTEMPTS && !this.#closing; attempt++) {
      this.#urlIndex = (this.#urlIndex + 1) % this.#urls.length;
      const afterSeq = this.lastSeq;
      try {
        await this.#subscribe(this.url, afterSeq);
        this.reconnects.push({ from: lost, to: this.url, afterSeq, ms: Math.round(performance.now() - droppedAt) });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    this.#settle?.reject(new Error(`stream ${this.streamJobId}: no API process took the subscription after ${lost} dropped`));
  }
}
