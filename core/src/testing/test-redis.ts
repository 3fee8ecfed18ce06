import { randomBytes } from 'node:crypto';
import { deleteRedisNamespace } from './redis-namespace.ts';

export interface TestRedis {
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/**
 * Server mode (MIRAI_TEST_REDIS_URL set): a private namespace on that Redis, so parallel test
 * files never consume each other's jobs; its keys are deleted afterwards. Otherwise nothing.
 */
export function createTestRedis(): TestRedis {
  const url = process.env.MIRAI_TEST_REDIS_URL;
  if (url === undefined || url === '') return { env: {}, dispose: async () => {} };
  const namespace = `mirai-test-${randomBytes(5).toString('hex')}`;
  return {
    env: { REDIS_URL: url, MIRAI_QUEUE_NAMESPACE: namespace },
    dispose: () => deleteRedisNamespace(url, namespace),
  };
}
