// Mirai processes and clients for `pnpm bench generation`: the API and worker as child processes,
// a signed-up account, and a small websocket client that timestamps every message on arrival.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { num } from './format.ts';
import { freePort, requestJson, waitForHttp } from './http.ts';
import { onCleanup } from './lifecycle.ts';
import { type Service, startService } from './process.ts';

export const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO_DIR, 'core', 'src', 'cli.ts');
const READY_TIMEOUT_MS = 120_000;

export const out = (line = '') => process.stdout.write(`${line}\n`);

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on this machine. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when `promise` does or after `ms`, whichever is first, without leaving a timer behind. */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([promise, elapsed]);
  clearTimeout(timer);
}

/** `fn` that runs at most once; later calls return the first call's promise. */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= fn();
    return running;
  };
}

/** A fresh temporary directory, removed at cleanup. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface MiraiProcess {
  service: Service;
  baseUrl: string;
}

/** `mirai <command>` as a child process on a free port, once its /readyz answers 200 (a worker serves it too). */
export async function startMirai(name: string, command: 'dev' | 'start' | 'worker', env: Record<string, string | undefined>): Promise<MiraiProcess> {
  const port = await freePort();
  const service = startService(
    name,
    process.execPath,
    // Diagnosis only (e.g. "--trace-gc", which NODE_OPTIONS refuses): flags for the node of each Mirai process.
    [...(process.env.MIRAI_BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== ''), CLI, command],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MIRAI_AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      // The content origin's default port (8081) would stop a second bench, or a `mirai dev`, on this machine.
      MIRAI_CONTENT_PORT: String(await freePort()),
      ...env,
    },
    REPO_DIR,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  await waitForHttp(`${baseUrl}/readyz`, service, READY_TIMEOUT_MS);
  out(`  ${name} ready in ${num((Date.now() - started) / 1000, 1)} s`);
  return { service, baseUrl };
}

/** `mirai migrate` with `env`, to completion; throws with its output if it fails. */
export async function runMigrate(env: Record<string, string | undefined>): Promise<void> {
  const service = startService('mirai migrate', process.execPath, [CLI, 'migrate'], { LOG_LEVEL: 'warn', ...env }, REPO_DIR);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (let status = service.exitStatus(); status !== '0'; status = service.exitStatus()) {
    if (status !== null) throw new Error(`mirai migrate exited (${status}): ${service.output()}`);
    if (Date.now() > deadline) throw new Error(`mirai migrate did not finish within ${READY_TIMEOUT_MS / 1000} s`);
    await sleep(100);
  }
}

export interface Account {
  token: string;
  tenantId: string;
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path)
    current = typeof current === 'object' && current !== null && key in current ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

/** A new organisation and its owner through `POST /v1/auth/signup`. */
export async function signUp(baseUrl: string, email: string, tenantName: string): Promise<Account> {
  const body = await requestJson(
    `${baseUrl}/v1/auth/signup`,
    { method: 'POST', body: { email, password: 'correct horse battery', tenantName } },
    201,
  );
  const token = field(body, 'token');
  const tenantId = field(body, 'tenant', 'id');
  if (typeof token !== 'string' || typeof tenantId !== 'string') throw new Error(`POST /v1/auth/signup answered ${JSON.stringify(body)}`);
  return { token, tenantId };
}

/** A JSON call with the account's bearer token that must answer `expectStatus`. */
export function authorized(baseUrl: string, account: Account) {
  return (method: string, path: string, body: unknown, expectStatus: number) =>
    requestJson(`${baseUrl}${path}`, { method, body, headers: { authorization: `Bearer ${account.token}` } }, expectStatus);
}

/** What the server sends over /v1/ws (docs/realtime.md). */
export interface ServerMessage {
  type: string;
  jobId?: string;
  seq?: number;
  event?: string;
  data?: Record<string, unknown>;
  at?: string;
  lastSeq?: number;
  code?: string;
  request?: { jobId?: string };
}

type Listener = (message: ServerMessage, receivedAt: number) => void;

/** A websocket on /v1/ws: every message is timestamped (`preciseNow`) before it is parsed. */
export class EventSocket {
  readonly socket: WebSocket;
  readonly #listeners = new Set<Listener>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw: WebSocket.RawData) => {
      const receivedAt = preciseNow();
      const message = JSON.parse(raw.toString()) as ServerMessage;
      for (const listener of this.#listeners) listener(message, receivedAt);
    });
  }

  static async connect(baseUrl: string, token: string): Promise<EventSocket> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/v1/ws`, {
      headers: { authorization: `Bearer ${token}` },
      perMessageDeflate: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`websocket upgrade refused: HTTP ${response.statusCode}`)));
    });
    socket.on('error', () => undefined);
    onCleanup(() => socket.terminate());
    return new EventSocket(socket);
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Calls `listener` for every later message; returns the function that stops it. */
  listen(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The first later message that matches `predicate`. */
  next(predicate: (message: ServerMessage) => boolean, timeoutMs: number, what: string): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const stop = this.listen((message) => {
        if (!predicate(message)) return;
        stop();
        clearTimeout(timer);
        resolve(message);
      });
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no ${what} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
    });
  }

  /**
   * Subscribes to `jobId` (replaying its stream from the start, so nothing is missed however late
   * this comes) and resolves when the job's own final event arrives: completed, or throws.
   */
  async waitForJob(jobId: string, timeoutMs: number): Promise<void> {
    const final = this.next(
      (m) =>
        (m.type === 'event' &&
          m.jobId === jobId &&
          m.data?.jobId === jobId &&
          ['job.completed', 'job.failed', 'job.cancelled'].includes(m.event ?? '')) ||
        (m.type === 'error' && m.request?.jobId === jobId),
      timeoutMs,
      `final event of job ${jobId}`,
    );
    this.send({ type: 'subscribe', jobId });
    try {
      const message = await final;
      if (message.type === 'error') throw new Error(`subscribing to job ${jobId} failed: ${message.code ?? JSON.stringify(message)}`);
      if (message.event !== 'job.completed') throw new Error(`job ${jobId} ended with ${message.event}: ${JSON.stringify(message.data)}`);
    } finally {
      if (this.socket.readyState === WebSocket.OPEN) this.send({ type: 'unsubscribe', jobId });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
      setTimeout(() => this.socket.terminate(), 2000).unref();
    });
  }
}
