import type { Capability } from '@mirai/sdk-plugin';
import { MiraiError } from '../errors/mirai-error.ts';
import type { PluginCall, PluginCallObserver, PluginTrust } from '../observability/plugin-call-observer.ts';

export interface CallGuardOptions {
  plugin: string;
  capability: Capability;
  /** The host-side time limit of one call (for a stream: from the call to its last chunk). */
  timeoutMs: number;
  /** Metrics and spans of each call; `trust` labels them. */
  observer?: { calls: PluginCallObserver; trust: PluginTrust };
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/** The caller's abort signal, wherever the extension point carries it: an argument, `options.signal` or `tenant.signal`. */
function signalOf(args: unknown[]): AbortSignal | undefined {
  for (const arg of args) {
    if (arg instanceof AbortSignal) return arg;
    const nested = typeof arg === 'object' && arg !== null ? (arg as { signal?: unknown }).signal : undefined;
    if (nested instanceof AbortSignal) return nested;
  }
  return undefined;
}

/**
 * Settles with `work`, or rejects when the deadline passes or the signal aborts, whichever comes
 * first. The host stops waiting; the plugin's work is not awaited any further (it got the signal).
 */
function race<T>(work: PromiseLike<T>, deadline: number, signal: AbortSignal | undefined, timeout: () => Error): Promise<T> {
  if (signal?.aborted === true) {
    // Abandoned: whatever it settles with later is nobody's concern, and must not surface as unhandled.
    Promise.resolve(work).catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => settle(() => reject(timeout())), Math.max(0, deadline - Date.now()));
    const onAbort = () => settle(() => reject(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    function settle(finish: () => void) {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      finish();
    }
    work.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

function guardStream<T>(
  stream: AsyncIterable<T>,
  deadline: number,
  signal: AbortSignal | undefined,
  timeout: () => Error,
  call: PluginCall | undefined,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = stream[Symbol.asyncIterator]();
      // The plugin is told to clean up, but a plugin that never does cannot hold the host.
      const abandon = () => void Promise.resolve(iterator.return?.()).catch(() => undefined);
      return {
        next: () =>
          race(iterator.next(), deadline, signal, timeout).then(
            (result) => {
              if (result.done === true) call?.end();
              return result;
            },
            (error: unknown) => {
              call?.end(error);
              abandon();
              throw error;
            },
          ),
        return: async (value?: unknown) => {
          call?.end();
          abandon();
          return { done: true as const, value: value as T };
        },
      };
    },
  };
}

/**
 * Wraps what a plugin provided so every call that returns a promise or a stream has a host-side
 * time limit and honours the caller's AbortSignal. Synchronous results and plain properties pass through.
 */
export function guardImplementation<T extends object>(implementation: T, options: CallGuardOptions): T {
  return new Proxy(implementation, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'constructor') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const deadline = Date.now() + options.timeoutMs;
        const signal = signalOf(args);
        const name = `${options.capability}.${String(property)}`;
        const timeout = () =>
          new MiraiError(
            'MIRAI_ERR_PLUGIN_CALL_TIMEOUT',
            `MIRAI_ERR_PLUGIN_CALL_TIMEOUT: plugin "${options.plugin}" did not finish ${name} within ${options.timeoutMs} ms`,
            { extensions: { plugin: options.plugin, call: name, timeoutMs: options.timeoutMs } },
          );
        const call = options.observer?.calls.start(options.plugin, name, options.observer.trust);
        let result: unknown;
        try {
          result = call === undefined ? method.apply(target, args) : call.within(() => method.apply(target, args));
        } catch (error) {
          call?.end(error);
          throw error;
        }
        if (isPromiseLike(result))
          return race(result, deadline, signal, timeout).then(
            (value) => {
              call?.end();
              return value;
            },
            (error: unknown) => {
              call?.end(error);
              throw error;
            },
          );
        if (isAsyncIterable(result) && typeof result !== 'string') return guardStream(result, deadline, signal, timeout, call);
        call?.end();
        return result;
      };
    },
  });
}
