import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  /** Environment that points a server at this database. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file. With MIRAI_TEST_DATABASE_URL set (server mode, CI) it is a
 * new database on that PostgreSQL server; otherwise an embedded PGlite data directory.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.MIRAI_TEST_DATABASE_URL;
  const dataDir = await mkdtemp(join(tmpdir(), 'mirai-test-'));
  if (serverUrl === undefined || serverUrl === '')
    return { env: { MIRAI_DATA_DIR: dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };

  const name = `mirai_test_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { MIRAI_DATA_DIR: dataDir, DATABASE_URL: url.toString(), MIRAI_SECRET_KEY: randomBytes(32).toString('base64') },
    async dispose() {
      await admin(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
