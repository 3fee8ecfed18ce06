import { randomUUID } from 'node:crypto';
import { createOrm } from '../db/create-orm.ts';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../db/embedded-database.ts';
import { migrate, type Orm, TENANT_FILTER } from '../db/orm.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { JobOutboxSchema, JobSchema } from './job.entity.ts';
import { JOBS_MIGRATION_SQL } from './jobs.migration-sql.ts';

export interface JobsTestDatabase {
  orm: Orm;
  /** The PostgreSQL server URL of this database, or null in embedded mode (PGlite cannot host BullMQ). */
  serverUrl: string | null;
  tenantId: string;
  close(): Promise<void>;
}

/**
 * Makes the ORM know the job entities and scope `Job` by tenant, for as long as the composition
 * root has not registered them in db/entities.ts (afterwards this is a no-op).
 */
function registerJobEntities(orm: Orm): void {
  if (orm.getMetadata().getByClassName(JobSchema.meta.className, false) === undefined) orm.discoverEntity([JobSchema, JobOutboxSchema]);
  const filter = orm.config.get('filters')[TENANT_FILTER];
  if (filter !== undefined && Array.isArray(filter.entity) && !filter.entity.includes(JobSchema.meta.className))
    filter.entity.push(JobSchema.meta.className);
}

/** A fresh database (embedded PGlite, or PostgreSQL with MIRAI_TEST_DATABASE_URL) with the job tables and one tenant. */
export async function startJobsTestDatabase(): Promise<JobsTestDatabase> {
  const database = await createTestDatabase();
  let embedded: EmbeddedDatabase | null = null;
  let orm: Orm | null = null;
  try {
    const serverUrl = database.env.DATABASE_URL ?? null;
    if (serverUrl === null) embedded = await startEmbeddedDatabase(database.env.MIRAI_DATA_DIR ?? '');
    orm = await createOrm({ url: serverUrl ?? embedded?.url ?? '', poolMax: serverUrl === null ? 1 : 10 });
    registerJobEntities(orm);
    await migrate(orm);
    const connection = orm.em.getConnection();
    // Once the versioned migration carries the SQL, migrate() has already created the tables.
    const [table] = await connection.execute<{ name: string | null }[]>(`select to_regclass('job')::text as name`);
    if (table?.name === null) await connection.execute(JOBS_MIGRATION_SQL);
    const tenantId = randomUUID();
    await connection.execute(`insert into tenant (id, name, slug, created_at) values (?, 'Jobs', ?, now())`, [tenantId, `jobs-${tenantId}`]);
    const opened = orm;
    return {
      orm: opened,
      serverUrl,
      tenantId,
      async close() {
        await opened.close(true);
        await embedded?.close();
        await database.dispose();
      },
    };
  } catch (error) {
    await orm?.close(true);
    await embedded?.close();
    await database.dispose();
    throw error;
  }
}
