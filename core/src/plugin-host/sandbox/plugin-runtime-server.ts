import type { AddressInfo } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { isPluginError, type JsonValue, PLUGIN_ERROR_CODES, PluginError, type PluginErrorCode, type PluginStateStore } from '@mirai/sdk-plugin';
import { encodeBytesFrame, encodeJsonFrame, type HostOperation } from '@mirai/sdk-plugin/sandbox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { type CallerMessage, type Envelope, type RuntimeMessage, runtimeServerTls, WirePeer } from './runtime-wire.ts';
import { createSandboxEngine, type SandboxEngineOptions, type SandboxHandle } from './sandbox-engine.ts';

export interface PluginRuntimeServer {
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

type Reply = Extract<CallerMessage, { t: 'reply' }>;

/**
 * `mirai plugin-runtime`: hosts the workerd sandboxes for API and worker replicas that connect
 * with the shared token. It holds no database, queue or secret key: each call brings its
 * organisation's config, and state, assets and progress are asked of the calling replica over
 * the same connection. Egress goes out from here, through the egress guard, to the hosts the
 * caller says the operator approved (and the runtime's NetworkPolicy allows).
 */
export function createPluginRuntimeServer(options: Omit<SandboxEngineOptions, 'state'> & { token: string }): PluginRuntimeServer {
  const { logger } = options;
  const engine = createSandboxEngine(options);
  const peers = new Set<WirePeer<CallerMessage, RuntimeMessage>>();
  let connections = 0;

  const serve = (socket: TLSSocket) => {
    const connection = ++connections;
    const handles = new Map<string, SandboxHandle>();
    const calls = new Map<number, AbortController>();
    const waiting = new Map<number, { resolve: (reply: Envelope<Reply>) => void; reject: (error: Error) => void }>();
    let callbacks = 0;
    const peer: WirePeer<CallerMessage, RuntimeMessage> = new WirePeer(socket, (message) => void handle(message));
    peers.add(peer);
    // Each caller's sandboxes are its own: another replica's loads and calls never meet them.
    const scoped = (key: string) => `${connection}/${key}`;

    const ask = (call: number, op: HostOperation): Promise<Envelope<Reply>> => {
      const id = ++callbacks;
      return new Promise<Envelope<Reply>>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        void peer.send({ t: 'callback', id, call, op });
      });
    };
    const answered = (reply: Envelope<Reply>) => {
      const pending = waiting.get(reply.header.id);
      waiting.delete(reply.header.id);
      if (pending === undefined) return;
      if (reply.header.error === undefined) return pending.resolve(reply);
      // The caller's coded refusals (a state conflict, say) reach the plugin as they would in-process.
      const { code, message } = reply.header.error;
      pending.reject(new PluginError(code in PLUGIN_ERROR_CODES ? (code as PluginErrorCode) : 'MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', message));
    };
    const stateOf = (call: number): PluginStateStore => ({
      get: async (key) => ((await ask(call, { op: 'state.get', key })).header.value ?? null) as JsonValue | null,
      set: async (key, value, setOptions) => {
        await ask(call, { op: 'state.set', key, value, ...(setOptions?.ifAbsent === true ? { ifAbsent: true } : {}) });
      },
      delete: async (key) => {
        await ask(call, { op: 'state.delete', key });
      },
    });

    const failed = (id: number, error: unknown) => {
      if (error instanceof MiraiError)
        return peer.send({ t: 'failed', id, code: error.code, message: error.message, extensions: error.extensions ?? {} });
      return peer.send({ t: 'failed', id, code: 'MIRAI_ERR_PLUGIN_CALL_FAILED', message: error instanceof Error ? error.message : String(error) });
    };

    const call = async (message: Extract<CallerMessage, { t: 'call' }>) => {
      const sandbox = handles.get(message.key);
      if (sandbox === undefined) return failed(message.id, new MiraiError('MIRAI_ERR_PLUGIN_NOT_FOUND', `No sandbox "${message.key}" was started`));
      const abort = new AbortController();
      calls.set(message.id, abort);
      const data = (frame: Uint8Array) => peer.send({ t: 'data', id: message.id }, frame);
      const grant = {
        state: stateOf(message.id),
        readAsset: async (storageKey: string) => {
          const reply = await ask(message.id, { op: 'asset', storageKey });
          return reply.header.missing === true ? null : new Uint8Array(reply.body);
        },
        // Progress travels in the answer, as it does from workerd, in order with the chunks around it.
        onProgress: (progress: { percent: number; message: string }) =>
          void data(encodeJsonFrame({ type: 'progress', ...progress })).catch(() => undefined),
      };
      const stream = sandbox.invoke(message.index, message.method, message.args, { ...message.tenant, signal: abort.signal }, grant);
      try {
        for (;;) {
          const next = await stream.next();
          if (next.done === true) {
            await data(encodeJsonFrame({ type: 'result', value: next.value }));
            break;
          }
          await data(next.value instanceof Uint8Array ? encodeBytesFrame(next.value) : encodeJsonFrame({ type: 'item', value: next.value }));
        }
        await peer.send({ t: 'end', id: message.id });
      } catch (error) {
        if (abort.signal.aborted) return;
        if (isPluginError(error)) {
          await data(encodeJsonFrame({ type: 'error', code: error.code, message: error.message }));
          await peer.send({ t: 'end', id: message.id });
        } else await failed(message.id, error);
      } finally {
        calls.delete(message.id);
      }
    };

    const handle = async ({ header: message, body }: Envelope<CallerMessage>): Promise<void> => {
      try {
        if (message.t === 'reply') return answered({ header: message, body });
        if (message.t === 'cancel') return calls.get(message.id)?.abort(new Error('the caller cancelled the call'));
        if (message.t === 'call') return await call(message);
        if (message.t === 'start') {
          const { key, packageName, egressAllow } = message;
          const started = await engine.start(Buffer.from(body).toString('utf8'), { key: scoped(key), packageName, egressAllow });
          handles.set(key, started);
          logger.info({ connection, key, plugin: started.manifest.name }, 'plugin runtime: sandbox started');
          return void (await peer.send({ t: 'end', id: message.id, value: started.manifest }));
        }
        if (message.t === 'register') {
          const sandbox = handles.get(message.key);
          if (sandbox === undefined) throw new MiraiError('MIRAI_ERR_PLUGIN_NOT_FOUND', `No sandbox "${message.key}" was started`);
          return void (await peer.send({ t: 'end', id: message.id, value: await sandbox.register(message.instanceConfig) }));
        }
        handles.delete(message.key);
        await engine.stop(scoped(message.key));
        await peer.send({ t: 'end', id: message.id, value: null });
      } catch (error) {
        await failed(message.id, error);
      }
    };

    void peer.closed.then(async () => {
      peers.delete(peer);
      for (const pending of waiting.values()) pending.reject(new Error('the caller went away'));
      waiting.clear();
      for (const abort of calls.values()) abort.abort(new Error('the caller went away'));
      await Promise.all([...handles.keys()].map((key) => engine.stop(scoped(key))));
      logger.info({ connection, sandboxes: handles.size }, 'plugin runtime: caller disconnected; its sandboxes stopped');
    });
  };

  const server = createServer(runtimeServerTls(options.token), serve);
  server.on('tlsClientError', (error, socket) => {
    logger.warn({ err: error, remote: socket.remoteAddress }, 'plugin runtime: refused a connection (wrong token or not TLS-PSK)');
  });
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject).listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    async close() {
      for (const peer of peers) peer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.close();
    },
  };
}
