import { once } from 'node:events';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { MiraiError } from '../errors/mirai-error.ts';
import type { EmbeddedDatabaseMessage } from './embedded-database-worker.ts';

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

const isStartMessage = (message: unknown): message is EmbeddedDatabaseMessage =>
  typeof message === 'object' && message !== null && 'ready' in message && typeof message.ready === 'boolean';

/**
 * Waits for the worker's start message: the socket's address, or why PostgreSQL did not start.
 * Other messages are not ours: under `node --watch` (`mirai dev --plugin`) Node's watch mode sends
 * the files a thread imports on the same channel.
 */
function started(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isStartMessage(message)) return;
      worker.off('message', onMessage);
      if (message.ready) resolve(message.address);
      else reject(new Error(`The embedded database did not start: ${message.error}`));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The embedded database's thread ended while starting (exit code ${code})`)));
  });
}

/**
 * Starts PostgreSQL-in-WASM on `dataDir`, on its own thread, and serves it on a loopback port, so
 * the regular PostgreSQL driver and the same migrations run in embedded and server mode.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'pglite.lock');
  await lockDataDirectory(lockPath);
  const worker = new Worker(new URL('./embedded-database-worker.ts', import.meta.url), { workerData: { pgdata: join(dataDir, 'pgdata') } });
  let address: string;
  try {
    address = await started(worker);
  } catch (error) {
    await worker.terminate();
    await rm(lockPath, { force: true });
    throw error;
  }
  // From here a failure of the database's thread is the process's, as it was when PGlite ran on the main thread.
  for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
  const exited = once(worker, 'exit');
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
    async close() {
      // The worker stops the socket server and closes PGlite (a clean shutdown), then exits.
      worker.postMessage('close');
      await exited;
      await rm(lockPath, { force: true });
    },
  };
}
