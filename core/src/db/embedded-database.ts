import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { MiraiError } from '../errors/mirai-error.ts';

export interface EmbeddedDatabase {
  /** postgres:// URL of the loopback socket; admit exactly one client connection to it. */
  url: string;
  close(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PGlite's files must never be opened by two processes; a pid file turns that into a clear error. */
async function lockDataDirectory(lockPath: string): Promise<void> {
  try {
    await writeFile(lockPath, String(process.pid), { flag: 'wx' });
    return;
  } catch {
    const holder = Number(await readFile(lockPath, 'utf8').catch(() => 'NaN'));
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder))
      throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', `MIRAI_DATA_DIR is in use by process ${holder}; stop it or choose another directory`, {
        extensions: { variable: 'MIRAI_DATA_DIR' },
      });
    await writeFile(lockPath, String(process.pid));
  }
}

/**
 * Starts PostgreSQL-in-WASM on `dataDir` and serves it on a loopback port, so the regular
 * PostgreSQL driver and the same migrations run in embedded and server mode.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'pglite.lock');
  await lockDataDirectory(lockPath);
  const db = await PGlite.create(join(dataDir, 'pgdata'));
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
      await rm(lockPath, { force: true });
    },
  };
}
