import { BullmqTransport } from './bullmq-transport.ts';
import { defineJobTransportContract } from './testing/job-transport-contract.ts';

// Needs a real PostgreSQL server (PGlite has one session and no LISTEN for BullMQ): runs when
// MIRAI_TEST_DATABASE_URL is set. BullMQ's tables go to its own schema in the per-file database.
const serverMode = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '';

defineJobTransportContract(
  'bullmq-postgres',
  serverMode
    ? (db, testId) => {
        if (db.serverUrl === null) throw new Error('BullMQ on PostgreSQL needs MIRAI_TEST_DATABASE_URL');
        return new BullmqTransport({
          backend: { kind: 'postgres', connectionString: db.serverUrl },
          queueName: `jobs-${testId}`,
          lockDurationMs: 2000,
          stalledIntervalMs: 1000,
        });
      }
    : null,
);
