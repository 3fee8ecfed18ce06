// The deployment `pnpm bench tenants` drives: a scratch PostgreSQL database, a Redis namespace,
// one `mirai start` (API) and several `mirai worker` processes sharing them.
import { randomBytes } from 'node:crypto';
import { type MiraiProcess, out, runMigrate, startMirai, tempDir } from './generation-api.ts';
import { deleteKeys, redisVersion, uniqueNamespace } from './generation-redis.ts';
import { onCleanup } from './lifecycle.ts';
import { createScratchDatabase } from './postgres.ts';

export interface TenantsStack {
  description: string;
  api: MiraiProcess;
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface TenantsStackOptions {
  adminDatabaseUrl: string;
  redisUrl: string;
  workers: number;
  /** MIRAI_WORKER_CONCURRENCY of each worker. */
  concurrency: number;
  /** MIRAI_TENANT_JOB_LIMIT; undefined leaves the server's default. */
  tenantLimit: number | undefined;
  /** MIRAI_TENANT_JOB_RESERVE; undefined leaves the server's default. */
  tenantReserve: number | undefined;
}

export async function startTenantsStack(options: TenantsStackOptions): Promise<TenantsStack> {
  const version = await redisVersion(options.redisUrl);
  const database = await createScratchDatabase(options.adminDatabaseUrl, 'mirai_bench_tenants_');
  onCleanup(() => database.drop());
  const namespace = uniqueNamespace();
  onCleanup(async () => {
    await deleteKeys(options.redisUrl, namespace);
  });
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: options.redisUrl,
    QUEUE_BACKEND: 'redis',
    MIRAI_SECRET_KEY: randomBytes(32).toString('base64'),
    MIRAI_QUEUE_NAMESPACE: namespace,
    MIRAI_DATA_DIR: await tempDir('mirai-bench-tenants-'),
    MIRAI_WORKER_CONCURRENCY: String(options.concurrency),
    MIRAI_TENANT_JOB_LIMIT: options.tenantLimit === undefined ? undefined : String(options.tenantLimit),
    MIRAI_TENANT_JOB_RESERVE: options.tenantReserve === undefined ? undefined : String(options.tenantReserve),
    // The API's content origin (SCORM files, unused here) on a port the system picks: its default,
    // 8081, may be another install's on the same machine.
    MIRAI_CONTENT_PORT: '0',
  };
  await runMigrate(env);
  const [api, ...workers] = await Promise.all([
    startMirai('API (mirai start)', 'start', env),
    ...Array.from({ length: options.workers }, (_, index) => startMirai(`worker ${index + 1} (mirai worker)`, 'worker', env)),
  ]);
  if (api === undefined) throw new Error('the API process did not start');
  out(`  ${options.workers} workers ready`);
  return {
    description: `mirai start + ${options.workers} × mirai worker (concurrency ${options.concurrency}): PostgreSQL ${database.serverVersion} (scratch database ${database.name}), Redis ${version} (namespace ${namespace})`,
    api,
    databaseUrl: database.url,
    async stop() {
      await Promise.all([api.service.stop(), ...workers.map((worker) => worker.service.stop())]);
      await deleteKeys(options.redisUrl, namespace);
      await database.drop();
    },
  };
}
