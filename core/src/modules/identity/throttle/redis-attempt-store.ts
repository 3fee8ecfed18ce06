import type { Redis } from 'ioredis';
import { createRedis, type RedisTarget } from '../../../redis/redis-target.ts';
import type { Admission, AttemptStore, LockoutPolicy } from './attempt-store.ts';

// One script per operation, so each is atomic across replicas (Redis runs a script alone).
const COUNT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

// KEYS: failures, lock. ARGV: threshold, baseMs, maxMs, memoryMs. Mirrors lockDurationMs.
const ADMIT = `
local locked = redis.call('PTTL', KEYS[2])
if locked > 0 then return {0, locked} end
local failures = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local threshold = tonumber(ARGV[1])
if failures >= threshold then
  local lock = math.min(tonumber(ARGV[2]) * 2 ^ math.min(failures - threshold, 30), tonumber(ARGV[3]))
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(lock))
end
return {1, 0}`;

/** Server mode: counters shared by every API replica through Redis, under the instance's namespace. */
export class RedisAttemptStore implements AttemptStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  /** `onError`: connection trouble (ioredis reconnects by itself; commands meanwhile fail the request with a 500). */
  constructor(target: RedisTarget, prefix: string, onError: (error: Error) => void = () => {}) {
    this.#redis = createRedis(target, { maxRetriesPerRequest: 2 });
    this.#redis.on('error', onError);
    this.#prefix = prefix;
  }

  async countInWindow(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const [count, ttl] = (await this.#redis.eval(COUNT_IN_WINDOW, 1, `${this.#prefix}window:${key}`, windowMs)) as [number, number];
    return { count, resetInMs: ttl };
  }

  async admit(key: string, policy: LockoutPolicy): Promise<Admission> {
    const [admitted, retryInMs] = (await this.#redis.eval(
      ADMIT,
      2,
      `${this.#prefix}failures:${key}`,
      `${this.#prefix}lock:${key}`,
      policy.threshold,
      policy.baseMs,
      policy.maxMs,
      policy.memoryMs,
    )) as [number, number];
    return admitted === 1 ? { admitted: true } : { admitted: false, retryInMs };
  }

  async clear(key: string): Promise<void> {
    await this.#redis.del(`${this.#prefix}failures:${key}`, `${this.#prefix}lock:${key}`);
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
