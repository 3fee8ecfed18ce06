import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PLUGIN_ERROR_CODES, type PluginDefinition, PluginError, type PluginStateStore, validatePluginDefinition } from '@mirai/sdk-plugin';
import { bundleSandboxedPlugin, decodeFrames, isSandboxable, type SandboxCall, type SandboxRegistration } from '@mirai/sdk-plugin/sandbox';
import type { FastifyBaseLogger } from 'fastify';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { LoadedPlugin } from '../loaded-plugin.ts';
import { HostBridge } from './host-bridge.ts';
import { type ExitReason, SANDBOX_NICENESS, SandboxProcess, WORKERD_COMPATIBILITY_DATE } from './sandbox-process.ts';
import { aiProxy, exporterProxy, type SandboxInvoke } from './sandbox-proxies.ts';
import { workerdConfig } from './workerd-config.ts';

export interface PluginSandboxOptions {
  logger: FastifyBaseLogger;
  /** The state of one plugin (by its registered name) for one organisation: the host's store, under `tenantStateNamespace(plugin, tenantId)`. */
  state: (plugin: string, tenantId: string) => PluginStateStore;
  /** Wall-clock limit of one call (a stream: the whole stream); past it the process is killed and restarted. Default 30 s. */
  callTimeoutMs?: number;
  /** V8 heap cap of each sandbox process, MiB; its resident memory may reach twice that plus 128 MiB before the host kills it. Default 128. */
  memoryLimitMb?: number;
  /** How long a sandbox may take to start and register. Default 10 s. */
  startTimeoutMs?: number;
}

export interface PluginSandbox {
  /** Starts an installed package (its directory, package.json with `mirai.plugin`) sandboxed under `key` (unique per organisation × plugin × version); the result is hosted by PluginHost like any LoadedPlugin. */
  load(packageDir: string, options: { key: string; egressAllow: readonly string[] }): Promise<LoadedPlugin>;
  unload(key: string): Promise<void>;
  close(): Promise<void>;
}

interface Sandboxed {
  key: string;
  dir: string;
  bridge: HostBridge;
  process: SandboxProcess;
  /** The running process, or the one starting after a crash. */
  current: Promise<SandboxProcess>;
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

function frameError(plugin: string, code: string, message: string): Error {
  if (code in PLUGIN_ERROR_CODES) return new PluginError(code as keyof typeof PLUGIN_ERROR_CODES, message);
  return new MiraiError('MIRAI_ERR_PLUGIN_CALL_FAILED', `Plugin "${plugin}" failed: ${message}`, { extensions: { plugin, sandboxed: true } });
}

/** How long a worker whose call was cut off has to answer at that call's deadline before it is taken for stuck. */
const STUCK_PROBE_MS = 1_000;

async function killIfStuck(process: SandboxProcess): Promise<void> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), STUCK_PROBE_MS).unref());
  if (!(await Promise.race([process.answers(), timeout]))) process.kill('timeout');
}

/** Runs untrusted plugins in workerd, one process per loaded plugin, and hands PluginHost proxies of what they provide. */
export function createPluginSandbox(options: PluginSandboxOptions): PluginSandbox {
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  const heapMb = options.memoryLimitMb ?? 128;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const loaded = new Map<string, Sandboxed>();

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
  const supervise = (sandboxed: Sandboxed, name: string) => {
    void sandboxed.process.exited.then((reason) => {
      if (sandboxed.closed) return;
      options.logger.warn(
        { plugin: name, key: sandboxed.key, reason, stderr: sandboxed.process.stderr.slice(-500) },
        'sandboxed plugin process ended; restarting it',
      );
      sandboxed.current = startProcess(sandboxed).then((next) => {
        sandboxed.process = next;
        supervise(sandboxed, name);
        return next;
      });
      sandboxed.current.catch((error: unknown) => options.logger.error({ err: error, plugin: name }, 'sandboxed plugin failed to restart'));
    });
  };

  const invoker = (sandboxed: Sandboxed, name: string): SandboxInvoke =>
    async function* invoke(index, method, args, tenant, hooks) {
      tenant.signal?.throwIfAborted();
      let process = await sandboxed.current;
      // Killed for another call but not yet replaced: the supervisor swaps in the next process as it exits.
      while (process.ending && !sandboxed.closed) {
        await process.exited;
        process = await sandboxed.current;
      }
      const { onProgress, ...grant } = hooks ?? {};
      const { token, revoke } = sandboxed.bridge.grant({ ...grant, tenantId: tenant.tenantId === '' ? null : tenant.tenantId });
      const call: SandboxCall = { token, index, method, args, tenant: { tenantId: tenant.tenantId, config: tenant.config } };
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

  return {
    async load(packageDir, { key, egressAllow }) {
      if (loaded.has(key))
        throw new MiraiError('MIRAI_ERR_PLUGIN_DUPLICATE', `A sandboxed plugin is already loaded under "${key}"`, { extensions: { plugin: key } });
      const pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { name?: unknown; mirai?: { plugin?: unknown } };
      if (typeof pkg.name !== 'string' || typeof pkg.mirai?.plugin !== 'string')
        throw new MiraiError('MIRAI_ERR_PLUGIN_LOAD_FAILED', `${packageDir} holds no package.json with mirai.plugin`, {
          extensions: { plugin: packageDir },
        });
      const packageName = pkg.name;
      const failed = (error: unknown) =>
        new MiraiError('MIRAI_ERR_PLUGIN_LOAD_FAILED', `Package ${packageName} could not be sandboxed: ${(error as Error).message}`, {
          cause: error,
          extensions: { plugin: packageName },
        });
      const bundle = await bundleSandboxedPlugin(resolve(packageDir, pkg.mirai.plugin)).catch((error: unknown) => {
        throw failed(error);
      });
      const dir = await mkdtemp(join(tmpdir(), 'mirai-sandbox-'));
      await writeFile(join(dir, 'plugin.js'), bundle);
      await writeFile(
        join(dir, 'workerd.capnp'),
        workerdConfig({
          bundleFile: 'plugin.js',
          socket: join(dir, 'rpc.sock'),
          bridgeSocket: join(dir, 'host.sock'),
          compatibilityDate: WORKERD_COMPATIBILITY_DATE,
          heapMb,
        }),
      );
      const bridge = new HostBridge({ plugin: packageName, logger: options.logger, state: options.state, egressAllow });
      await bridge.listen(join(dir, 'host.sock'));
      let process: SandboxProcess | undefined;
      try {
        process = await startProcess({ dir });
        const { token, revoke } = bridge.grant({ tenantId: null });
        const response = await process.post('/register', JSON.stringify({ token }));
        const body = Buffer.concat(await response.toArray()).toString('utf8');
        revoke();
        if (response.statusCode !== 200) throw frameError(packageName, String(response.headers['x-mirai-error-code'] ?? ''), body);
        const registration = JSON.parse(body) as SandboxRegistration;
        const forbidden = registration.capabilities.filter((capability) => !isSandboxable(capability));
        if (forbidden.length > 0)
          throw new MiraiError(
            'MIRAI_ERR_PLUGIN_SANDBOX_CAPABILITY_REFUSED',
            `Plugin "${registration.name}" provides ${forbidden.join(', ')}, which only a plugin the operator trusts may provide`,
            {
              extensions: { plugin: registration.name, capabilities: forbidden },
            },
          );
        bridge.registered(registration.name);
        const definition: PluginDefinition = {
          ...registration,
          capabilities: registration.capabilities as PluginDefinition['capabilities'],
          register: () => undefined,
        };
        const problems = validatePluginDefinition(definition);
        if (problems.length > 0)
          throw new MiraiError('MIRAI_ERR_PLUGIN_MANIFEST_INVALID', `Package ${packageName}: ${problems.join('; ')}`, {
            extensions: { plugin: packageName, problems },
          });
        const sandboxed: Sandboxed = { key, dir, bridge, process, current: Promise.resolve(process), closed: false };
        loaded.set(key, sandboxed);
        supervise(sandboxed, registration.name);
        const invoke = invoker(sandboxed, registration.name);
        definition.register = (context) => {
          registration.provided.forEach((descriptor, index) => {
            if (descriptor.capability === 'ai') context.provide('ai', aiProxy(descriptor, index, invoke));
            else context.provide('exporter', exporterProxy(descriptor, index, invoke));
          });
        };
        return { definition, source: 'npm', packageName, dir: packageDir };
      } catch (error) {
        process?.kill('stopped');
        await bridge.close();
        await rm(dir, { recursive: true, force: true });
        throw error instanceof MiraiError || error instanceof PluginError ? error : failed(error);
      }
    },
    async unload(key) {
      const sandboxed = loaded.get(key);
      if (sandboxed === undefined) return;
      loaded.delete(key);
      sandboxed.closed = true;
      const process = await sandboxed.current.catch(() => sandboxed.process);
      process.kill('stopped');
      await process.exited;
      await sandboxed.bridge.close();
      await rm(sandboxed.dir, { recursive: true, force: true });
    },
    async close() {
      await Promise.all([...loaded.keys()].map((key) => this.unload(key)));
    },
  };
}
