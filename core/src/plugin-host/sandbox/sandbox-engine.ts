import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JsonObject, PLUGIN_ERROR_CODES, PluginError, type PluginStateStore } from '@mirai/sdk-plugin';
import {
  decodeFrames,
  type ProvidedDescriptor,
  type SandboxCall,
  type SandboxManifest,
  type SandboxRegister,
  type SandboxRegistration,
} from '@mirai/sdk-plugin/sandbox';
import type { FastifyBaseLogger } from 'fastify';
import { MiraiError } from '../../errors/mirai-error.ts';
import { HostBridge } from './host-bridge.ts';
import { type ExitReason, SANDBOX_NICENESS, SandboxProcess, workerd } from './sandbox-process.ts';
import type { SandboxInvoke } from './sandbox-proxies.ts';
import { workerdConfig } from './workerd-config.ts';

export interface SandboxEngineOptions {
  logger: FastifyBaseLogger;
  /** The state of one plugin for one organisation; absent where each call brings its organisation's state (a plugin runtime). */
  state?: (plugin: string, tenantId: string) => PluginStateStore;
  /** Wall-clock limit of one call (a stream: the whole stream); past it the process is killed and restarted. Default 30 s. */
  callTimeoutMs?: number;
  /** V8 heap cap of each sandbox process, MiB; its resident memory may reach twice that plus 128 MiB before the host kills it. Default 128. */
  memoryLimitMb?: number;
  /** How long a sandbox may take to start and answer. Default 10 s. */
  startTimeoutMs?: number;
}

/** One bundled plugin running in its workerd process. */
export interface SandboxHandle {
  manifest: SandboxManifest;
  /** Runs the plugin's register and start with the operator's settings; what it provided. */
  register(instanceConfig: JsonObject): Promise<ProvidedDescriptor[]>;
  invoke: SandboxInvoke;
}

/** Starts bundled plugins in workerd (one process each), restarts them when they die, and streams calls into them. */
export interface SandboxEngine {
  start(bundle: string, options: { key: string; packageName: string; egressAllow: readonly string[] }): Promise<SandboxHandle>;
  stop(key: string): Promise<void>;
  close(): Promise<void>;
}

interface Sandboxed {
  key: string;
  dir: string;
  bridge: HostBridge;
  process: SandboxProcess;
  /** The running process, or the one starting after a crash. */
  current: Promise<SandboxProcess>;
  instanceConfig: JsonObject;
  closed: boolean;
}

/**
 * Why a call failed when its process ended under it. Time is limited per call: only the call
 * whose timer ran out gets TIMEOUT; the others in flight on that process were cut short by the
 * kill and get RESTARTED (retry them). Memory is one V8 heap per process, so which call used it
 * cannot be told: every call in flight gets MEMORY.
 */
function endedUnder(name: string, reason: Exclude<ExitReason, 'stopped'>, ownTimeout: boolean, callTimeoutMs: number): MiraiError {
  const [code, why] = ownTimeout
    ? (['MIRAI_ERR_PLUGIN_SANDBOX_TIMEOUT', `did not finish within ${callTimeoutMs} ms`] as const)
    : reason === 'timeout'
      ? (['MIRAI_ERR_PLUGIN_SANDBOX_RESTARTED', 'was stopped because another of its calls ran past its time limit'] as const)
      : reason === 'memory'
        ? (['MIRAI_ERR_PLUGIN_SANDBOX_MEMORY', 'went over its memory limit'] as const)
        : (['MIRAI_ERR_PLUGIN_SANDBOX_CRASHED', 'crashed'] as const);
  return new MiraiError(code, `Sandboxed plugin "${name}" ${why}; the call failed and the sandbox was restarted`, {
    extensions: { plugin: name, sandboxed: true },
  });
}

export function frameError(plugin: string, code: string, message: string): Error {
  if (code in PLUGIN_ERROR_CODES) return new PluginError(code as keyof typeof PLUGIN_ERROR_CODES, message);
  return new MiraiError('MIRAI_ERR_PLUGIN_CALL_FAILED', `Plugin "${plugin}" failed: ${message}`, { extensions: { plugin, sandboxed: true } });
}

/** How long a worker whose call was cut off has to answer at that call's deadline before it is taken for stuck. */
const STUCK_PROBE_MS = 1_000;

async function killIfStuck(process: SandboxProcess): Promise<void> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), STUCK_PROBE_MS).unref());
  if (!(await Promise.race([process.answers(), timeout]))) process.kill('timeout');
}

async function bodyOf(process: SandboxProcess, path: string, body: object, plugin: string): Promise<string> {
  const response = await process.post(path, JSON.stringify(body));
  const text = Buffer.concat(await response.toArray()).toString('utf8');
  if (response.statusCode !== 200) throw frameError(plugin, String(response.headers['x-mirai-error-code'] ?? ''), text);
  return text;
}

export function createSandboxEngine(options: SandboxEngineOptions): SandboxEngine {
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  const heapMb = options.memoryLimitMb ?? 128;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const running = new Map<string, Sandboxed>();

  let priorityLogged = false;
  const startProcess = async (sandboxed: Pick<Sandboxed, 'dir'>): Promise<SandboxProcess> => {
    const started = new SandboxProcess({ dir: sandboxed.dir, socket: join(sandboxed.dir, 'rpc.sock'), rssLimitMb: heapMb * 2 + 128, startTimeoutMs });
    await rm(join(sandboxed.dir, 'rpc.sock'), { force: true });
    await started.ready();
    if (!priorityLogged) {
      priorityLogged = true;
      // What bounds a looping plugin's share of the CPU here; the operator's node or pod limits come on top.
      if (started.lowPriority) options.logger.info({ niceness: SANDBOX_NICENESS }, 'sandboxed plugins run at the lowest CPU priority');
      else options.logger.warn('sandboxed plugins run at normal CPU priority: this system refused to lower it');
    }
    return started;
  };

  /** After a crash or a kill the plugin is started again; calls in the meantime wait for it. */
  const restart = (sandboxed: Sandboxed, name: string) => {
    sandboxed.current = startProcess(sandboxed).then((next) => {
      sandboxed.process = next;
      supervise(sandboxed, name);
      return next;
    });
    sandboxed.current.catch((error: unknown) => options.logger.error({ err: error, plugin: name }, 'sandboxed plugin failed to restart'));
  };
  const supervise = (sandboxed: Sandboxed, name: string) => {
    void sandboxed.process.exited.then((reason) => {
      if (sandboxed.closed) return;
      options.logger.warn(
        { plugin: name, key: sandboxed.key, reason, stderr: sandboxed.process.stderr.slice(-500) },
        'sandboxed plugin process ended; restarting it',
      );
      restart(sandboxed, name);
    });
  };
  /**
   * The running process. A restart that failed (on a busy machine workerd can miss its start
   * time) is tried again by the next call, once: otherwise the plugin stayed broken until the
   * server restarted, every call failing at once.
   */
  const liveProcess = async (sandboxed: Sandboxed, name: string): Promise<SandboxProcess> => {
    const attempt = sandboxed.current;
    try {
      return await attempt;
    } catch (error) {
      if (sandboxed.closed) throw error;
      if (sandboxed.current === attempt) restart(sandboxed, name);
      return sandboxed.current.catch((cause: unknown) => {
        throw new MiraiError('MIRAI_ERR_PLUGIN_SANDBOX_CRASHED', `Sandboxed plugin "${name}" could not be restarted: ${(cause as Error).message}`, {
          cause,
          extensions: { plugin: name, sandboxed: true },
        });
      });
    }
  };

  const invoker = (sandboxed: Sandboxed, name: string): SandboxInvoke =>
    async function* invoke(index, method, args, tenant, hooks) {
      tenant.signal?.throwIfAborted();
      let process = await liveProcess(sandboxed, name);
      // Killed for another call but not yet replaced: the supervisor swaps in the next process as it exits.
      while (process.ending && !sandboxed.closed) {
        await process.exited;
        process = await liveProcess(sandboxed, name);
      }
      const { onProgress, ...grant } = hooks ?? {};
      const { token, revoke } = sandboxed.bridge.grant({ ...grant, tenantId: tenant.tenantId === '' ? null : tenant.tenantId });
      const call: SandboxCall = {
        token,
        index,
        method,
        args,
        tenant: { tenantId: tenant.tenantId, config: tenant.config },
        instanceConfig: sandboxed.instanceConfig,
      };
      const abort = new AbortController();
      const onAbort = () => abort.abort(tenant.signal?.reason);
      tenant.signal?.addEventListener('abort', onAbort, { once: true });
      // Only the call whose limit killed the process timed out; one whose timer fires after another's kill did not.
      let timedOut = false;
      const started = Date.now();
      const timer = setTimeout(() => {
        timedOut = process.kill('timeout');
      }, callTimeoutMs);
      // The worker said the call is over (a result, an error): until then it may be running there.
      let over = false;
      let response: IncomingMessage | undefined;
      try {
        response = await process.post('/call', JSON.stringify(call), abort.signal);
        if (response.statusCode !== 200) {
          over = true;
          const body = Buffer.concat(await response.toArray()).toString('utf8');
          throw frameError(name, String(response.headers['x-mirai-error-code'] ?? 'MIRAI_ERR_PLUGIN_CALL_FAILED'), body);
        }
        // Leaving the loop at the result must not destroy the response: read to its end, its connection serves the next call.
        for await (const frame of decodeFrames(response.iterator({ destroyOnReturn: false }))) {
          tenant.signal?.throwIfAborted();
          if (frame.type === 'bytes') yield frame.bytes;
          else if (frame.type === 'item') yield frame.value;
          else if (frame.type === 'progress') onProgress?.({ percent: frame.percent, message: frame.message });
          else {
            over = true;
            if (frame.type === 'result') return frame.value;
            throw frameError(name, frame.code, frame.message);
          }
        }
        throw new Error('the sandbox ended the answer without a result');
      } catch (error) {
        if (tenant.signal?.aborted === true) throw tenant.signal.reason;
        if (error instanceof PluginError || error instanceof MiraiError) throw error;
        // The stream broke: find out whether the process died, and why.
        const reason = await Promise.race([process.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_000).unref())]);
        if (reason === null || reason === 'stopped') throw frameError(name, 'MIRAI_ERR_PLUGIN_CALL_FAILED', (error as Error).message);
        throw endedUnder(name, reason, timedOut, callTimeoutMs);
      } finally {
        tenant.signal?.removeEventListener('abort', onAbort);
        revoke();
        // A finished answer is read to its end (its last bytes close the stream) and its connection
        // kept for the next call; one cut off is destroyed with its connection.
        if (over) response?.resume();
        else abort.abort();
        clearTimeout(timer);
        // Cut off before the worker finished (the caller aborted or stopped reading), the call may
        // still run there, looping: its limit holds. At its deadline a worker that cannot answer is killed.
        if (!over && !process.ending) setTimeout(() => void killIfStuck(process), started + callTimeoutMs - Date.now()).unref();
      }
    };

  const stop = async (sandboxed: Sandboxed) => {
    sandboxed.closed = true;
    const process = await sandboxed.current.catch(() => sandboxed.process);
    process.kill('stopped');
    await process.exited;
    await sandboxed.bridge.close();
    await rm(sandboxed.dir, { recursive: true, force: true });
  };

  return {
    async start(bundle, { key, packageName, egressAllow }) {
      if (running.has(key))
        throw new MiraiError('MIRAI_ERR_PLUGIN_DUPLICATE', `A sandboxed plugin is already loaded under "${key}"`, { extensions: { plugin: key } });
      const dir = await mkdtemp(join(tmpdir(), 'mirai-sandbox-'));
      await writeFile(join(dir, 'plugin.js'), bundle);
      await writeFile(
        join(dir, 'workerd.capnp'),
        workerdConfig({
          bundleFile: 'plugin.js',
          socket: join(dir, 'rpc.sock'),
          bridgeSocket: join(dir, 'host.sock'),
          compatibilityDate: workerd().compatibilityDate,
          heapMb,
        }),
      );
      const bridge = new HostBridge({ plugin: packageName, logger: options.logger, egressAllow, ...(options.state ? { state: options.state } : {}) });
      await bridge.listen(join(dir, 'host.sock'));
      let process: SandboxProcess | undefined;
      try {
        process = await startProcess({ dir });
        const manifest = JSON.parse(await bodyOf(process, '/describe', {}, packageName)) as SandboxManifest;
        bridge.registered(manifest.name);
        const sandboxed: Sandboxed = { key, dir, bridge, process, current: Promise.resolve(process), instanceConfig: {}, closed: false };
        running.set(key, sandboxed);
        supervise(sandboxed, manifest.name);
        return {
          manifest,
          async register(instanceConfig) {
            sandboxed.instanceConfig = instanceConfig;
            const current = await sandboxed.current;
            const { token, revoke } = bridge.grant({ tenantId: null });
            const body: SandboxRegister = { token, instanceConfig };
            try {
              return (JSON.parse(await bodyOf(current, '/register', body, manifest.name)) as SandboxRegistration).provided;
            } finally {
              revoke();
            }
          },
          invoke: invoker(sandboxed, manifest.name),
        };
      } catch (error) {
        process?.kill('stopped');
        await bridge.close();
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    },
    async stop(key) {
      const sandboxed = running.get(key);
      if (sandboxed === undefined) return;
      running.delete(key);
      await stop(sandboxed);
    },
    async close() {
      await Promise.all([...running.values()].map((sandboxed) => this.stop(sandboxed.key)));
    },
  };
}
