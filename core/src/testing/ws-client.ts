import WebSocket from 'ws';

export interface ReceivedEvent {
  type: string;
  jobId?: string;
  seq?: number;
  event?: string;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A websocket test client that records every message and can wait for one that matches. */
export class WsTestClient {
  readonly messages: ReceivedEvent[] = [];
  readonly socket: WebSocket;
  readonly #waiters = new Set<() => void>();
  readonly #closed: Promise<{ code: number; reason: string }>;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw) => {
      this.messages.push(JSON.parse(raw.toString()) as ReceivedEvent);
      for (const wake of this.#waiters) wake();
    });
    this.#closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** How the socket closed (by either side); rejects if it is still open after `timeoutMs`. */
  closedWithin(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
      void this.#closed.then((closed) => {
        clearTimeout(timer);
        resolve(closed);
      });
    });
  }

  static async connect(baseUrl: string, token: string): Promise<WsTestClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/v1/ws`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`websocket upgrade refused: ${res.statusCode}`)));
    });
    return new WsTestClient(socket);
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  events(jobId?: string): ReceivedEvent[] {
    return this.messages.filter((m) => m.type === 'event' && (jobId === undefined || m.jobId === jobId));
  }

  async waitFor(predicate: (message: ReceivedEvent) => boolean, timeoutMs = 30_000): Promise<ReceivedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found !== undefined) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out; last messages: ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.#waiters.add(wake);
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
