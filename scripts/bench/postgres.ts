// A throw-away database on a PostgreSQL server, for the server-mode half of a bench.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  name: string;
  url: string;
  /** `show server_version` of the server it lives on. */
  serverVersion: string;
  drop(): Promise<void>;
}

async function withClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A password-free form of `url` for printing. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Creates `<prefix><random>` through `adminUrl` (any database the role can connect to) and
 * returns a URL for it on the same server. Throws when the server is unreachable.
 */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  const serverVersion = await withClient(adminUrl, async (client) => {
    const version = await client.query<{ server_version: string }>('show server_version');
    await client.query(`create database "${name}"`);
    return version.rows[0]?.server_version ?? 'unknown';
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    serverVersion,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withClient(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}
