// The Mirai deployments `pnpm bench generation` drives: embedded (`mirai dev`, PGlite, in-process
// jobs and bus) and server (scratch PostgreSQL database, Redis, `mirai start` + `mirai worker`).
import { randomBytes } from 'node:crypto';
import { type Account, type MiraiProcess, out, runMigrate, signUp, startMirai, tempDir } from './generation-api.ts';
import { deleteKeys, redisVersion, uniqueNamespace } from './generation-redis.ts';
import { onCleanup } from './lifecycle.ts';
import { createScratchDatabase } from './postgres.ts';

export interface ServerBackends {
  databaseUrl: string;
  databaseName: string;
  serverVersion: string;
  redisUrl: string;
  redisVersion: string;
  /** MIRAI_QUEUE_NAMESPACE: BullMQ key prefix and pub/sub channel prefix (`<namespace>:`). */
  namespace: string;
}

export interface Stack {
  mode: 'embedded' | 'server';
  description: string;
  /** The process serving the API (and, embedded, running the jobs). */
  api: MiraiProcess;
  worker: MiraiProcess | null;
  account: Account;
  /** MIRAI_WORKER_CONCURRENCY of the process that runs jobs. */
  concurrency: number;
  server: ServerBackends | null;
  stop(): Promise<void>;
}

export async function startEmbeddedStack(concurrency: number): Promise<Stack> {
  const dataDir = await tempDir('mirai-bench-gen-');
  const api = await startMirai('API + jobs (embedded, mirai dev)', 'dev', {
    MIRAI_DATA_DIR: dataDir,
    MIRAI_WORKER_CONCURRENCY: String(concurrency),
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    QUEUE_BACKEND: undefined,
    MIRAI_SECRET_KEY: undefined,
  });
  const account = await signUp(api.baseUrl, 'bench-embedded@example.com', 'Bench embedded');
  return {
    mode: 'embedded',
    description: 'mirai dev: PGlite, in-process job transport and bus, one process',
    api,
    worker: null,
    account,
    concurrency,
    server: null,
    stop: () => api.service.stop(),
  };
}

/**
 * A scratch database and a Redis namespace of their own, migrated, with one API and one worker
 * process. Throws (after cleaning up) when PostgreSQL or Redis cannot be used.
 */
export async function startServerStack(adminDatabaseUrl: string, redisUrl: string, concurrency: number): Promise<Stack> {
  const version = await redisVersion(redisUrl);
  const database = await createScratchDatabase(adminDatabaseUrl, 'mirai_bench_');
  onCleanup(() => database.drop());
  const namespace = uniqueNamespace();
  onCleanup(async () => {
    await deleteKeys(redisUrl, namespace);
  });
  const dataDir = await tempDir('mirai-bench-gen-');
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_BACKEND: 'redis',
    MIRAI_SECRET_KEY: randomBytes(32).toString('base64'),
    MIRAI_QUEUE_NAMESPACE: namespace,
    MIRAI_DATA_DIR: dataDir,
    MIRAI_WORKER_CONCURRENCY: String(concurrency),
  };
  const migrateStarted = Date.now();
  await runMigrate(env);
  out(`  mirai migrate done in ${((Date.now() - migrateStarted) / 1000).toFixed(1)} s`);
  const [api, worker] = await Promise.all([
    startMirai('API (server, mirai start)', 'start', env),
    startMirai('worker (server, mirai worker)', 'worker', env),
  ]);
  const account = await signUp(api.baseUrl, 'bench-server@example.com', 'Bench server');
  return {
    mode: 'server',
    description: `mirai start + mirai worker: PostgreSQL ${database.serverVersion} (scratch database ${database.name}), Redis ${version} (namespace ${namespace})`,
    api,
    worker,
    account,
    concurrency,
    server: {
      databaseUrl: database.url,
      databaseName: database.name,
      serverVersion: database.serverVersion,
      redisUrl,
      redisVersion: version,
      namespace,
    },
    async stop() {
      await Promise.all([api.service.stop(), worker.service.stop()]);
      await deleteKeys(redisUrl, namespace);
      await database.drop();
    },
  };
}
