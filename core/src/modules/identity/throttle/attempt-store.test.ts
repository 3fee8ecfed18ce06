import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AttemptStore, LockoutPolicy } from './attempt-store.ts';
import { MemoryAttemptStore } from './memory-attempt-store.ts';
import { RedisAttemptStore } from './redis-attempt-store.ts';

const redisUrl = process.env.MIRAI_TEST_REDIS_URL;
const stores: [string, (() => AttemptStore) | null][] = [
  ['memory', () => new MemoryAttemptStore()],
  [
    'redis',
    redisUrl === undefined || redisUrl === '' ? null : () => new RedisAttemptStore(redisUrl, `mirai-test-${randomBytes(5).toString('hex')}:`),
  ],
];

/** Polls (no fixed sleep) until the key admits again, i.e. its lock ran out. */
async function untilAdmitted(store: AttemptStore, key: string, policy: LockoutPolicy): Promise<void> {
  for (;;) {
    if ((await store.admit(key, policy)).admitted) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe.each(stores)('%s attempt store', (_name, create) => {
  it.skipIf(create === null)('locks after the threshold, doubles the lock per further failure, and forgets on clear', async () => {
    const store = (create as () => AttemptStore)();
    const policy: LockoutPolicy = { threshold: 3, baseMs: 150, maxMs: 60_000, memoryMs: 60_000 };
    try {
      for (let i = 0; i < 3; i += 1) expect((await store.admit('a', policy)).admitted).toBe(true);
      const first = await store.admit('a', policy);
      expect(first.admitted).toBe(false);
      const firstWait = first.admitted ? 0 : first.retryInMs;
      expect(firstWait).toBeGreaterThan(0);
      expect(firstWait).toBeLessThanOrEqual(150);
      // Another account is not affected.
      expect((await store.admit('b', policy)).admitted).toBe(true);
      // The fourth failure (admitted once the lock ran out) locks for twice as long.
      await untilAdmitted(store, 'a', policy);
      const second = await store.admit('a', policy);
      expect(second.admitted ? 0 : second.retryInMs).toBeGreaterThan(150);
      expect(second.admitted ? 0 : second.retryInMs).toBeLessThanOrEqual(300);
      await store.clear('a');
      expect((await store.admit('a', policy)).admitted).toBe(true);
    } finally {
      await store.close();
    }
  });

  it.skipIf(create === null)('counts attempts in a fixed window', async () => {
    const store = (create as () => AttemptStore)();
    try {
      expect(await store.countInWindow('ip', 60_000)).toMatchObject({ count: 1 });
      const second = await store.countInWindow('ip', 60_000);
      expect(second.count).toBe(2);
      expect(second.resetInMs).toBeGreaterThan(0);
      expect(second.resetInMs).toBeLessThanOrEqual(60_000);
      expect((await store.countInWindow('other', 60_000)).count).toBe(1);
    } finally {
      await store.close();
    }
  });
});
