import { randomUUID } from 'node:crypto';
import { createOrm } from '../db/create-orm.ts';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../db/embedded-database.ts';
import { migrate, type Orm } from '../db/orm.ts';
import { createTestDatabase } from '../testing/test-database.ts';

export interface JobsTestDatabase {
  orm: Orm;
  /** The PostgreSQL server URL of this database, or null in embedded mode (PGlite cannot host BullMQ). */
  serverUrl: string | null;
  tenantId: string;
  close(): Promise<void>;
}

/** A fresh database (embedded PGlite, or PostgreSQL with MIRAI_TEST_DATABASE_URL) with the job tables and one tenant. */
export async function startJobsTestDatabase(): Promise<JobsTestDatabase> {
  const database = await createTestDatabase();
  let embedded: EmbeddedDatabase | null = null;
  let orm: Orm | null = null;
  try {
    const serverUrl = database.env.DATABASE_URL ?? null;
    let url: string;
    if (serverUrl !== null) url = serverUrl;
    else {
      const dataDir = database.env.MIRAI_DATA_DIR;
      if (dataDir === undefined) throw new Error('createTestDatabase gave neither DATABASE_URL nor MIRAI_DATA_DIR');
      embedded = await startEmbeddedDatabase(dataDir);
      url = embedded.url;
    }
    orm = await createOrm({ url, poolMax: serverUrl === null ? 1 : 10 });
    await migrate(orm);
    const connection = orm.em.getConnection();
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
