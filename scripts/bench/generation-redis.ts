// Redis for `pnpm bench generation`: a reachability check and the removal of the keys a run created.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** A one-shot client that fails fast instead of retrying forever when Redis is down. */
function client(url: string): Redis {
  return new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null, enableOfflineQueue: false });
}

/** `redis_version` of the server at `url`; throws if it cannot be reached. */
export async function redisVersion(url: string): Promise<string> {
  const redis = client(url);
  let cause: unknown;
  redis.on('error', (error) => {
    cause ??= error;
  });
  try {
    // ioredis rejects with "Connection is closed."; the error event says why (ECONNREFUSED, …).
    await redis.connect().catch((error: unknown) => Promise.reject(cause ?? error));
    const info = await redis.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}

/** A key prefix no other run uses: `bench-<random>`. */
export function uniqueNamespace(): string {
  return `bench-${randomBytes(5).toString('hex')}`;
}

/** Deletes every key under `<prefix>:`; returns how many there were. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  const redis = client(url);
  redis.on('error', () => undefined);
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
