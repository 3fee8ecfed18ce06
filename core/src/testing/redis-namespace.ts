import { Redis } from 'ioredis';

/** Deletes every key of one namespace (a test file's or a CI run's), a SCAN page at a time. */
export async function deleteRedisNamespace(url: string, namespace: string): Promise<void> {
  if (namespace === '') throw new Error('refusing to delete an empty namespace: that would be every key');
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
