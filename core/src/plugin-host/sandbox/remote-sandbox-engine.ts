import type { JsonObject, JsonValue, PluginStateStore } from '@mirai/sdk-plugin';
import { decodeFrames, type ProvidedDescriptor, type SandboxManifest } from '@mirai/sdk-plugin/sandbox';
import type { FastifyBaseLogger } from 'fastify';
import { MiraiError } from '../../errors/mirai-error.ts';
import { type CallbackHandler, RuntimeConnection } from './runtime-connection.ts';
import { frameError, type SandboxEngine } from './sandbox-engine.ts';
import type { SandboxInvoke } from './sandbox-proxies.ts';

export interface RemoteSandboxEngineOptions {
  /** `tcp://host:port` of the plugin runtime. */
  url: string;
  /** The shared key both sides hold (MIRAI_PLUGIN_RUNTIME_TOKEN). */
  token: string;
  logger: FastifyBaseLogger;
  /** The state of one plugin for one organisation, kept here (the runtime has no database). */
  state: (plugin: string, tenantId: string) => PluginStateStore;
  connectTimeoutMs?: number;
}

interface Started {
  key: string;
  bundle: Uint8Array;
  packageName: string;
  egressAllow: readonly string[];
  instanceConfig?: JsonObject;
  /** The connection this sandbox was started on; after a reconnect it is started (and registered) again. */
  ready?: { connection: RuntimeConnection; done: Promise<SandboxManifest> };
}

async function drain(exchange: AsyncGenerator<Uint8Array, JsonValue>): Promise<JsonValue> {
  for (;;) {
    const next = await exchange.next();
    if (next.done === true) return next.value;
  }
}

/**
 * Sandboxes on a `mirai plugin-runtime` instead of this process's children. Each replica holds one
 * connection; when it drops (the runtime died or was redeployed), the calls on it fail with
 * MIRAI_ERR_PLUGIN_RUNTIME_LOST and the next call connects again and starts its sandbox anew.
 */
export function createRemoteSandboxEngine(options: RemoteSandboxEngineOptions): SandboxEngine {
  const started = new Map<string, Started>();
  let current: Promise<RuntimeConnection> | undefined;

  const connection = async (): Promise<RuntimeConnection> => {
    const existing = await current?.catch(() => undefined);
    if (existing?.open === true) return existing;
    const opening = RuntimeConnection.open(options.url, options.token, options.connectTimeoutMs ?? 5_000);
    current = opening;
    opening.then(
      (opened) =>
        void opened.closed.then(() => options.logger.warn({ url: options.url }, 'plugin runtime connection closed; the next call reconnects')),
      () => {
        if (current === opening) current = undefined;
      },
    );
    return opening;
  };

  const prepare = async (entry: Started, on: RuntimeConnection): Promise<SandboxManifest> => {
    const request = { t: 'start', key: entry.key, packageName: entry.packageName, egressAllow: entry.egressAllow } as const;
    const manifest = (await drain(on.exchange(request, { body: entry.bundle }))) as unknown as SandboxManifest;
    if (entry.instanceConfig !== undefined) await drain(on.exchange({ t: 'register', key: entry.key, instanceConfig: entry.instanceConfig }));
    return manifest;
  };

  const ready = async (entry: Started): Promise<RuntimeConnection> => {
    const on = await connection();
    if (entry.ready?.connection !== on) entry.ready = { connection: on, done: prepare(entry, on) };
    const preparing = entry.ready;
    await preparing.done.catch((error: unknown) => {
      if (entry.ready === preparing) entry.ready = undefined;
      throw error;
    });
    return on;
  };

  const invoker = (entry: Started, name: string): SandboxInvoke =>
    async function* invoke(index, method, args, tenant, grant) {
      tenant.signal?.throwIfAborted();
      const on = await ready(entry);
      const onCallback: CallbackHandler = async (op) => {
        if (op.op === 'asset') return { bytes: (await grant?.readAsset?.(op.storageKey)) ?? null };
        if (tenant.tenantId === '' || op.op === 'log') throw new Error('state belongs to an organisation: use it inside a call');
        const state = options.state(name, tenant.tenantId);
        if (op.op === 'state.get') return { value: await state.get(op.key) };
        if (op.op === 'state.set') await state.set(op.key, op.value, { ifAbsent: op.ifAbsent === true });
        else await state.delete(op.key);
        return { value: null };
      };
      const exchange = on.exchange(
        { t: 'call', key: entry.key, index, method, args, tenant: { tenantId: tenant.tenantId, config: tenant.config } },
        { onCallback, ...(tenant.signal === undefined ? {} : { signal: tenant.signal }) },
      );
      try {
        for await (const frame of decodeFrames(exchange)) {
          tenant.signal?.throwIfAborted();
          if (frame.type === 'bytes') yield frame.bytes;
          else if (frame.type === 'item') yield frame.value;
          else if (frame.type === 'progress') grant?.onProgress?.({ percent: frame.percent, message: frame.message });
          else if (frame.type === 'result') return frame.value;
          else throw frameError(name, frame.code, frame.message);
        }
        throw new MiraiError('MIRAI_ERR_PLUGIN_CALL_FAILED', `Plugin "${name}": the plugin runtime ended the answer without a result`);
      } catch (error) {
        if (tenant.signal?.aborted === true) throw tenant.signal.reason;
        throw error;
      } finally {
        await exchange.return(null);
      }
    };

  return {
    async start(bundle, { key, packageName, egressAllow }) {
      const entry: Started = { key, bundle: Buffer.from(bundle, 'utf8'), packageName, egressAllow };
      started.set(key, entry);
      try {
        await ready(entry);
      } catch (error) {
        started.delete(key);
        throw error;
      }
      const manifest = await (entry.ready?.done ?? Promise.reject(new Error('the sandbox did not start')));
      return {
        manifest,
        async register(instanceConfig) {
          entry.instanceConfig = instanceConfig;
          const on = await ready(entry);
          return (await drain(on.exchange({ t: 'register', key, instanceConfig }))) as unknown as ProvidedDescriptor[];
        },
        invoke: invoker(entry, manifest.name),
      };
    },
    async stop(key) {
      const entry = started.get(key);
      started.delete(key);
      const on = entry?.ready?.connection;
      if (on?.open === true) await drain(on.exchange({ t: 'stop', key })).catch(() => undefined);
    },
    async close() {
      started.clear();
      (await current?.catch(() => undefined))?.close();
      current = undefined;
    },
  };
}
