import { createHash, randomBytes } from 'node:crypto';
import { cp, glob, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createOrm } from '../db/create-orm.ts';
import { startEmbeddedDatabase } from '../db/embedded-database.ts';
import { migrate } from '../db/orm.ts';

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

const CORE_SRC = join(import.meta.dirname, '..');

/** Changes whenever a migration (or the embedded engine) changes, so a stale template is never reused. */
async function migrationsFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const files: string[] = [];
  for await (const file of glob(['db/migrations/*.ts', '**/*migration*.ts'], { cwd: CORE_SRC })) files.push(file);
  for (const file of [...new Set(files)].sort()) hash.update(file).update(await readFile(join(CORE_SRC, file)));
  const pglite = JSON.parse(await readFile(join(CORE_SRC, '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as {
    version: string;
  };
  return hash.update(pglite.version).digest('hex').slice(0, 16);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * A migrated embedded data directory, built once per machine and migration set. Creating a PGlite
 * cluster runs initdb in WebAssembly (seconds, and far more on a loaded machine); copying a
 * finished one costs milliseconds, and every test file that needs a database would pay it.
 */
async function buildMigratedTemplate(): Promise<string> {
  const template = join(tmpdir(), `mirai-test-template-${await migrationsFingerprint()}`);
  if (await exists(join(template, 'pgdata'))) return template;
  const building = await mkdtemp(`${template}.building-`);
  const database = await startEmbeddedDatabase(building);
  try {
    const orm = await createOrm({ url: database.url, poolMax: 1 });
    await migrate(orm);
    await orm.close(true);
  } finally {
    await database.close();
  }
  // Several test workers may build it at once: the first rename wins, the others discard theirs.
  await rename(building, template).catch(() => rm(building, { recursive: true, force: true }));
  return template;
}

let templateOfThisProcess: Promise<string> | undefined;

/** The template, found (or built) once per process: hashing the migrations is not free either. A failed build is retried. */
function migratedTemplate(): Promise<string> {
  templateOfThisProcess ??= buildMigratedTemplate().catch((error: unknown) => {
    templateOfThisProcess = undefined;
    throw error;
  });
  return templateOfThisProcess;
}

/** Gives an embedded data directory without a database the migrated template's (for servers a test starts as processes). */
export async function seedMigratedDataDir(dataDir: string): Promise<void> {
  if (await exists(join(dataDir, 'pgdata'))) return;
  await cp(await migratedTemplate(), dataDir, { recursive: true });
}

/**
 * A fresh database for one test file. With MIRAI_TEST_DATABASE_URL set (server mode, CI) it is a
 * new database on that PostgreSQL server; otherwise an embedded PGlite data directory, copied
 * from a migrated template (servers built on it still run `migrate`, which finds nothing to do)
 * unless `empty` asks for one without tables (tests of migrating itself).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.MIRAI_TEST_DATABASE_URL;
  const dataDir = await mkdtemp(join(tmpdir(), 'mirai-test-'));
  if (serverUrl === undefined || serverUrl === '') {
    if (options.empty !== true) await cp(await migratedTemplate(), dataDir, { recursive: true });
    return { env: { MIRAI_DATA_DIR: dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
  }

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
