// The scratch database and Redis namespace of one images.sh run, made and removed with the
// workspace's own clients (no psql or redis-cli needed on the CI machine).
//   node tests/support/scratch-store.ts create <server url> <database>
//   node tests/support/scratch-store.ts drop <server url> <database> <redis url> <namespace>

import { deleteRedisNamespace } from '@mirai/core/testing/redis-namespace';
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

if (action === 'create') await onServer(`create database ${database}`);
else if (action === 'drop') {
  await onServer(`drop database if exists ${database} with (force)`);
  if (namespace !== '') await deleteRedisNamespace(redisUrl, namespace);
} else throw new Error(`unknown action ${action}: create or drop`);
