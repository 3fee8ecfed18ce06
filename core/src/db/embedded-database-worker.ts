// The embedded database's own thread: PGlite (PostgreSQL compiled to WebAssembly) and the loopback
// socket the regular PostgreSQL driver connects to. On this thread, PostgreSQL's start (about a
// second of CPU) overlaps the server's own start, and its queries do not block the event loop
// that serves requests. Started by `startEmbeddedDatabase`, which owns the data directory's lock.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type EmbeddedDatabaseMessage = { ready: true; address: string } | { ready: false; error: string };

const port = parentPort;
if (port === null) throw new Error('embedded-database-worker.ts runs as a worker thread');
const { pgdata } = workerData as { pgdata: string };

try {
  const db = await PGlite.create(pgdata);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  port.once('message', async () => {
    await server.stop();
    await db.close();
    port.close();
  });
  port.postMessage({ ready: true, address: server.getServerConn() } satisfies EmbeddedDatabaseMessage);
} catch (error) {
  port.postMessage({
    ready: false,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  } satisfies EmbeddedDatabaseMessage);
  port.close();
}
