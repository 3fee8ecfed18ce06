import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { Agent, type IncomingMessage, request } from 'node:http';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { MiraiError } from '../../errors/mirai-error.ts';

interface WorkerdPackage {
  /** The binary's path. */
  default: string;
  /** The compatibility date the binary was built for. */
  compatibilityDate: string;
}
let workerdPackage: WorkerdPackage | undefined;

/**
 * The `workerd` npm package, loaded when the first sandbox starts here rather than on import: the
 * API image ships without the binary (sandboxes run in the plugin-runtime image, reached through
 * MIRAI_PLUGIN_RUNTIME_URL), and the package throws on import where its binary is missing.
 */
export function workerd(): WorkerdPackage {
  if (workerdPackage === undefined) {
    try {
      workerdPackage = createRequire(import.meta.url)('workerd') as WorkerdPackage;
    } catch (cause) {
      throw new MiraiError(
        'MIRAI_ERR_PLUGIN_SANDBOX_UNAVAILABLE',
        'workerd is not installed here, so sandboxed plugins cannot run in this process: point MIRAI_PLUGIN_RUNTIME_URL at a plugin runtime',
        { cause },
      );
    }
  }
  return workerdPackage;
}

/** Why a sandbox process ended: killed by the host for a limit, stopped on purpose, or died by itself. */
export type ExitReason = 'timeout' | 'memory' | 'crashed' | 'stopped';

export interface SandboxProcessOptions {
  /** Folder holding `workerd.capnp` and the bundle. */
  dir: string;
  socket: string;
  /** Resident memory above which the host kills the process (covers memory V8's heap cap does not: array buffers, wasm). */
  rssLimitMb: number;
  /** How long the process may take to answer its first request. */
  startTimeoutMs: number;
}

const PAGE_SIZE = 4096;

/**
 * The niceness of every sandbox process: a plugin that loops gets about a tenth of what a normal
 * process gets while the API and workers need the CPU. Not 19 (1/70): on a busy machine that starved
 * honest plugins' calls past their time limit and turned a memory breach into a timeout.
 */
export const SANDBOX_NICENESS = 10;

/** Lowers a thread's CPU priority; false where the system refuses (another platform, a policy). */
function lowerPriority(pid: number): boolean {
  try {
    setPriority(pid, SANDBOX_NICENESS);
    return true;
  } catch {
    return false;
  }
}

/**
 * One running workerd process hosting one sandboxed plugin. The host kills it when a call breaks
 * a limit; `exited` tells why it ended, so each call it carried fails with the right code.
 */
export class SandboxProcess {
  readonly exited: Promise<ExitReason>;
  readonly #child: ChildProcess;
  readonly #options: SandboxProcessOptions;
  #killedFor: ExitReason | undefined;
  #stderr = '';
  readonly #watchdog: NodeJS.Timeout;
  /**
   * Calls reuse their connections to the worker: a new one per call cost the host a connect and
   * workerd an accept and a new HTTP session, about as much as a small call itself.
   */
  readonly #connections = new Agent({ keepAlive: true });
  /** Whether the process runs at SANDBOX_NICENESS (false where the system refused it). */
  readonly lowPriority: boolean;

  constructor(options: SandboxProcessOptions) {
    this.#options = options;
    // No environment at all: nothing of the host's (DATABASE_URL, MIRAI_SECRET_KEY) reaches the process.
    this.#child = spawn(workerd().default, ['serve', join(options.dir, 'workerd.capnp')], {
      cwd: options.dir,
      env: {},
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Niceness is per thread on Linux and threads inherit it when created: lowering the main
    // thread before workerd starts its own keeps them all low (ready() sweeps up any race).
    this.lowPriority = this.#child.pid !== undefined && lowerPriority(this.#child.pid);
    this.#child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-8192);
    });
    this.exited = new Promise((resolve) => {
      this.#child.once('exit', () => {
        clearInterval(this.#watchdog);
        this.#connections.destroy();
        if (this.#killedFor !== undefined) resolve(this.#killedFor);
        else resolve(/heap limit|heap out of memory/i.test(this.#stderr) ? 'memory' : 'crashed');
      });
    });
    this.#watchdog = setInterval(() => void this.#checkMemory(), 100).unref();
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The last lines workerd wrote (for the log when it dies). */
  get stderr(): string {
    return this.#stderr;
  }

  async #checkMemory(): Promise<void> {
    const statm = await readFile(`/proc/${this.#child.pid}/statm`, 'utf8').catch(() => null);
    const residentPages = Number(statm?.split(' ')[1] ?? 0);
    if ((residentPages * PAGE_SIZE) / 2 ** 20 > this.#options.rssLimitMb) this.kill('memory');
  }

  /** Threads workerd started before its main thread was lowered (a race with spawn) are lowered too. */
  async #lowerThreads(): Promise<void> {
    if (!this.lowPriority) return;
    const threads = await readdir(`/proc/${this.#child.pid}/task`).catch(() => []);
    for (const thread of threads) lowerPriority(Number(thread));
  }

  /** Killed or ended: calls must wait for the process started after it. */
  get ending(): boolean {
    return this.#killedFor !== undefined || this.#child.exitCode !== null || this.#child.signalCode !== null;
  }

  /** Kills the process for `reason`; false when it was already killed or had ended (the reason recorded first stands). */
  kill(reason: ExitReason): boolean {
    if (this.ending) return false;
    this.#killedFor = reason;
    this.#child.kill('SIGKILL');
    return true;
  }

  /**
   * A POST to the worker; the response streams. Rejects when the process dies first. A response
   * read to its end gives its connection back for the next call; `signal` destroys it instead.
   */
  post(path: string, body: string, signal?: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          socketPath: this.#options.socket,
          agent: this.#connections,
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), host: 'plugin' },
        },
        (response) => {
          // Failures mid-stream reach the reader through iteration; this keeps them from being unhandled too.
          response.on('error', () => undefined);
          resolve(response);
        },
      );
      outgoing.on('error', reject);
      // Destroyed without an error: the reader sees the stream end early and checks the caller's signal.
      signal?.addEventListener('abort', () => outgoing.destroy(), { once: true });
      outgoing.end(body);
    });
  }

  /** Whether the worker answers a request (any status); a worker stuck in a loop never does, one that died fails at once. */
  answers(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const probe = request({ socketPath: this.#options.socket, path: '/ready', method: 'GET', headers: { host: 'plugin' } }, (response) => {
        response.resume();
        resolve(true);
      });
      probe.on('error', () => resolve(false));
      probe.end();
    });
  }

  /** Resolves once the worker answers (any status), rejects if the process ends or does not answer in time. */
  async ready(): Promise<void> {
    const deadline = Date.now() + this.#options.startTimeoutMs;
    let ended = false;
    void this.exited.then(() => {
      ended = true;
    });
    for (;;) {
      if (ended) throw new Error(`workerd exited while starting: ${this.#stderr.trim().split('\n').slice(-3).join(' ')}`);
      if (await this.answers()) {
        await this.#lowerThreads();
        return;
      }
      if (Date.now() > deadline) {
        this.kill('crashed');
        throw new Error(`workerd did not answer within ${this.#options.startTimeoutMs} ms`);
      }
      // The socket appears once workerd has parsed its configuration and compiled the bundle.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
