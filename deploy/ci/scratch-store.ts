// The scratch database and Redis namespace of one images.sh run, made and removed with the
// workspace's own clients (no psql or redis-cli needed on the CI machine).
//   node deploy/ci/scratch-store.ts create <server url> <database>
//   node deploy/ci/scratch-store.ts drop <server url> <database> <redis url> <namespace>
import { Redis } from 'ioredis';
import pg from 'pg';

const [action, serverUrl = '', database = '', redisUrl = '', namespace = ''] = process.argv.slice(2);
if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`not a plain database name: ${database}`);

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres`, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function deleteNamespace(): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
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

if (action === 'create') await onServer(`create database ${database}`);
else if (action === 'drop') {
  await onServer(`drop database if exists ${database} with (force)`);
  if (namespace !== '') await deleteNamespace();
} else throw new Error(`unknown action ${action}: create or drop`);
