import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';
import { repoRoot } from './paths.ts';
import { type ServiceProcess, spawnService } from './service-process.ts';

export const SENTINEL_PRIMARY_NAME = 'mirai';

/** A Redis primary, one replica and three sentinels on free ports, as real processes in a temporary directory. */
export interface RedisSentinelGroup {
  primaryPort: number;
  replicaPort: number;
  sentinelPorts: number[];
  /** MIRAI_REDIS_SENTINELS for Mirai's processes. */
  sentinels: string;
  /** SIGKILL of the current primary: no shutdown, no last replication. */
  killPrimary(): Promise<void>;
  /** Resolves once the sentinels name the replica as the primary (polled, up to `timeoutMs`). */
  waitForPromotion(timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

async function poll<T>(what: string, timeoutMs: number, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result !== null) return result;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last === null ? '' : `: ${String(last)}`}`);
}

/** One short-lived connection per question, so a dead server fails it fast. */
async function ask<T>(port: number, question: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  try {
    await redis.connect();
    return await question(redis);
  } finally {
    redis.disconnect();
  }
}

const sentinelCall = (redis: Redis, ...args: string[]) => redis.call('SENTINEL', ...args) as Promise<unknown>;

export async function startRedisSentinelGroup(name: string): Promise<RedisSentinelGroup> {
  const dir = await mkdtemp(join(tmpdir(), 'mirai-sentinel-'));
  const [primaryPort, replicaPort, ...sentinelPorts] = await Promise.all(Array.from({ length: 5 }, () => freePort()));
  if (primaryPort === undefined || replicaPort === undefined) throw new Error('no free ports');
  const services: ServiceProcess[] = [];
  const server = (role: string, port: number, extra: string[]) =>
    spawnService(
      `${name}-redis-${role}`,
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--dbfilename', `${role}.rdb`, ...extra],
      {
        cwd: repoRoot,
        env: process.env,
      },
    );
  const primary = server('primary', primaryPort, []);
  services.push(primary, server('replica', replicaPort, ['--replicaof', '127.0.0.1', String(primaryPort)]));
  for (const [index, port] of sentinelPorts.entries()) {
    // Sentinel rewrites its configuration file, so each gets its own.
    const file = join(dir, `sentinel-${index}.conf`);
    await writeFile(
      file,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${SENTINEL_PRIMARY_NAME} 127.0.0.1 ${primaryPort} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_PRIMARY_NAME} 1000`,
        `sentinel failover-timeout ${SENTINEL_PRIMARY_NAME} 10000`,
        '',
      ].join('\n'),
    );
    services.push(spawnService(`${name}-sentinel-${index}`, 'redis-server', [file, '--sentinel'], { cwd: repoRoot, env: process.env }));
  }
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await poll('replication to the replica', 20_000, () =>
      ask(replicaPort, async (r) => ((await r.info('replication')).includes('master_link_status:up') ? true : null)),
    );
    // A failover needs every sentinel to know the replica and the other sentinels (learnt over the primary).
    for (const port of sentinelPorts)
      await poll(`sentinel ${port} to discover the group`, 20_000, () =>
        ask(port, async (r) => {
          const replicas = (await sentinelCall(r, 'replicas', SENTINEL_PRIMARY_NAME)) as unknown[];
          const peers = (await sentinelCall(r, 'sentinels', SENTINEL_PRIMARY_NAME)) as unknown[];
          return replicas.length === 1 && peers.length === sentinelPorts.length - 1 ? true : null;
        }),
      );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    primaryPort,
    replicaPort,
    sentinelPorts,
    sentinels: sentinelPorts.map((port) => `127.0.0.1:${port}`).join(','),
    async killPrimary() {
      const pid = primary.child.pid;
      if (pid === undefined) throw new Error('the primary has no pid');
      process.kill(-pid, 'SIGKILL');
      await primary.exited;
    },
    async waitForPromotion(timeoutMs) {
      const started = Date.now();
      await poll('the replica to be promoted', timeoutMs, async () => {
        for (const port of sentinelPorts) {
          const address = (await ask(port, (r) => sentinelCall(r, 'get-master-addr-by-name', SENTINEL_PRIMARY_NAME))) as string[];
          if (address[1] !== String(replicaPort)) return null;
        }
        return ask(replicaPort, async (r) => ((await r.info('replication')).includes('role:master') ? true : null));
      });
      return Date.now() - started;
    },
    stop,
  };
}
