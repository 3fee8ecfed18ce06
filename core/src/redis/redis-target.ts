import type { RedisOptions as BullmqRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/** Where Redis is found through Sentinel: the sentinels' addresses and the name of the monitored primary. */
export interface RedisSentinelTarget {
  sentinels: Array<{ host: string; port: number }>;
  name: string;
  /** Password of the Redis nodes (primary and replicas). */
  password?: string;
  sentinelPassword?: string;
}

/** A `redis://` or `rediss://` URL of one server, or a primary found (and followed across failovers) through Sentinel. */
export type RedisTarget = string | RedisSentinelTarget;

/**
 * BullMQ's connection options for `target` with `extra` on top. Through Sentinel, ioredis asks the
 * sentinels for the current primary on every (re)connect and, with the failover detector, drops
 * its connection as soon as they announce a new one, so clients follow a failover by themselves.
 */
export function redisConnectionOptions(target: RedisTarget, extra: BullmqRedisOptions = {}): BullmqRedisOptions {
  if (typeof target === 'string') return { url: target, ...extra };
  return { ...sentinelOptions(target), ...extra };
}

function sentinelOptions(target: RedisSentinelTarget) {
  return {
    sentinels: target.sentinels,
    name: target.name,
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(target.sentinelPassword === undefined ? {} : { sentinelPassword: target.sentinelPassword }),
    failoverDetector: true,
  };
}

/** An ioredis client of `target`. */
export function createRedis(target: RedisTarget, extra: RedisOptions = {}): Redis {
  if (typeof target === 'string') return new Redis(target, extra);
  return new Redis({ ...sentinelOptions(target), ...extra });
}

/** For logs: the URL without credentials, or the sentinels and primary name. */
export function describeRedisTarget(target: RedisTarget): string {
  if (typeof target !== 'string') return `sentinel ${target.name}@${target.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
  const url = new URL(target);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
