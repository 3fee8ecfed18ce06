import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { BullmqTransport } from './bullmq-transport.ts';
import { defineJobTransportContract } from './testing/job-transport-contract.ts';

// Runs when Redis is there (`pnpm test:server`, CI); a key prefix per run keeps parallel files apart.
const redisUrl = process.env.MIRAI_TEST_REDIS_URL;
const prefix = `mirai-test-${randomUUID().slice(0, 8)}`;

defineJobTransportContract(
  'bullmq-redis',
  redisUrl === undefined || redisUrl === ''
    ? null
    : (_db, testId) =>
        new BullmqTransport({
          backend: { kind: 'redis', target: redisUrl },
          namespace: prefix,
          queueName: `jobs-${testId}`,
          lockDurationMs: 2000,
          stalledIntervalMs: 1000,
        }),
);

afterAll(async () => {
  if (redisUrl === undefined || redisUrl === '') return;
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }))
      if (Array.isArray(keys) && keys.length > 0) await redis.del(...keys.map(String));
  } finally {
    redis.disconnect();
  }
});
