import { connect } from 'node:tls';
import type { JsonValue } from '@mirai/sdk-plugin';
import type { HostOperation } from '@mirai/sdk-plugin/sandbox';
import { ERROR_CATALOGUE, type ErrorCode } from '../../errors/error-catalogue.ts';
import { MiraiError } from '../../errors/mirai-error.ts';
import { type CallerMessage, type Envelope, type RuntimeMessage, runtimeClientTls, WirePeer } from './runtime-wire.ts';

/** What a callback from the runtime answers: a JSON value, bytes (an asset), or nothing found. */
export type CallbackAnswer = { value: JsonValue } | { bytes: Uint8Array | null };
export type CallbackHandler = (op: HostOperation) => Promise<CallbackAnswer>;

type Request = Exclude<CallerMessage, { t: 'reply' | 'cancel' }>;
type Out<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Exchange {
  push(message: Envelope<RuntimeMessage> | Error): void;
  onCallback?: CallbackHandler;
}

export function runtimeLost(url: string): MiraiError {
  return new MiraiError('MIRAI_ERR_PLUGIN_RUNTIME_LOST', `The connection to the plugin runtime at ${url} was lost during the call; retry it`, {
    extensions: { sandboxed: true },
  });
}

export function errorFromRuntime(code: string, message: string, extensions: Record<string, unknown> = {}): MiraiError {
  const known = code in ERROR_CATALOGUE ? (code as ErrorCode) : 'MIRAI_ERR_PLUGIN_CALL_FAILED';
  return new MiraiError(known, message, { extensions });
}

/** One authenticated connection from this replica to the plugin runtime; every exchange on it fails together when it drops. */
export class RuntimeConnection {
  readonly #peer: WirePeer<RuntimeMessage, CallerMessage>;
  readonly #exchanges = new Map<number, Exchange>();
  readonly #url: string;
  #next = 0;

  private constructor(peer: (onMessage: (message: Envelope<RuntimeMessage>) => void) => WirePeer<RuntimeMessage, CallerMessage>, url: string) {
    this.#url = url;
    this.#peer = peer((message) => this.#receive(message));
    void this.#peer.closed.then(() => {
      for (const exchange of this.#exchanges.values()) exchange.push(runtimeLost(url));
      this.#exchanges.clear();
    });
  }

  static open(url: string, token: string, timeoutMs: number): Promise<RuntimeConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(port), ...runtimeClientTls(token) });
      const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new MiraiError('MIRAI_ERR_PLUGIN_RUNTIME_UNREACHABLE', `The plugin runtime at ${url} could not be reached: ${error.message}`, {
            extensions: { sandboxed: true },
          }),
        );
      });
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        resolve(new RuntimeConnection((onMessage) => new WirePeer(socket, onMessage), url));
      });
    });
  }

  get open(): boolean {
    return this.#peer.open;
  }

  get closed(): Promise<void> {
    return this.#peer.closed;
  }

  close(): void {
    this.#peer.close();
  }

  #receive({ header, body }: Envelope<RuntimeMessage>): void {
    if (header.t !== 'callback') return void this.#exchanges.get(header.id)?.push({ header, body });
    const handler = this.#exchanges.get(header.call)?.onCallback;
    const answer = handler === undefined ? Promise.reject(new Error('no call in progress')) : handler(header.op);
    answer.then(
      (result) =>
        'value' in result
          ? this.#peer.send({ t: 'reply', id: header.id, value: result.value })
          : this.#peer.send({ t: 'reply', id: header.id, ...(result.bytes === null ? { missing: true } : {}) }, result.bytes ?? undefined),
      (error: unknown) => {
        const code = (error as { code?: unknown }).code;
        const message = error instanceof Error ? error.message : String(error);
        return this.#peer.send({
          t: 'reply',
          id: header.id,
          error: { code: typeof code === 'string' ? code : 'MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', message },
        });
      },
    );
  }

  /**
   * Sends one request and yields the bodies of its `data` messages; returns the value of its
   * `end`. A `failed` answer throws its coded error; the connection dropping throws RUNTIME_LOST.
   * Left early (the caller stopped reading or aborted), the runtime is told to cancel it.
   */
  async *exchange(
    request: Out<Request>,
    extra: { body?: Uint8Array; onCallback?: CallbackHandler; signal?: AbortSignal } = {},
  ): AsyncGenerator<Uint8Array, JsonValue> {
    if (!this.open) throw runtimeLost(this.#url);
    const { body, onCallback, signal } = extra;
    const id = ++this.#next;
    const queue: Array<Envelope<RuntimeMessage> | Error> = [];
    let wake: (() => void) | undefined;
    const push = (message: Envelope<RuntimeMessage> | Error) => {
      queue.push(message);
      wake?.();
    };
    this.#exchanges.set(id, { push, ...(onCallback === undefined ? {} : { onCallback }) });
    const onAbort = () => push(signal?.reason instanceof Error ? signal.reason : new Error('the call was cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    let ended = false;
    try {
      await this.#peer.send({ ...request, id } as Request, body);
      for (;;) {
        const message = queue.shift();
        if (message === undefined) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        if (message instanceof Error) throw message;
        const { header } = message;
        if (header.t === 'data') yield message.body;
        else if (header.t === 'end') {
          ended = true;
          return (header.value ?? null) as JsonValue;
        } else if (header.t === 'failed') {
          ended = true;
          throw errorFromRuntime(header.code, header.message, header.extensions);
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#exchanges.delete(id);
      if (!ended && this.open) void this.#peer.send({ t: 'cancel', id });
    }
  }
}
