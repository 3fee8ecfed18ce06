import type { MikroORM } from '@mikro-orm/postgresql';

export type Orm = MikroORM;

export interface OrmOptions {
  url: string;
  /** PGlite is one session: more than one connection would interleave transactions. */
  poolMax: number;
  debug?: boolean;
  /**
   * Every pooled connection LISTENs to `channels` from its first statement on and hands what it
   * hears to `onNotification`. A session hears its own notices at commit, before the commit
   * returns, so a write of this process is heard before the code that made it goes on.
   */
  notifications?: { channels: string[]; onNotification: (channel: string, payload: string) => void };
}

export interface TenantFilterParams {
  tenantId: string;
}

export const TENANT_FILTER = 'tenant';

/**
 * Whether every migration this build knows is recorded as applied, in one `select`. The migrator's
 * own check (creating its table if missing, reading the catalogue, listing and diffing) costs
 * several statements, which in PGlite was a noticeable part of an embedded restart.
 */
async function allMigrationsApplied(orm: Orm): Promise<boolean> {
  const { tableName, migrationsList } = orm.config.get('migrations');
  let rows: { name: string }[];
  try {
    rows = await orm.em.getConnection().execute<{ name: string }[]>(`select name from "${tableName ?? 'mikro_orm_migrations'}"`);
  } catch {
    // No table yet: a fresh database, which the migrator sets up.
    return false;
  }
  const applied = new Set(rows.map((row) => row.name));
  return (migrationsList ?? []).every((migration) => applied.has(migration.name));
}

/** Names of migrations still to apply (none when the recorded ones cover this build's). */
export async function pendingMigrations(orm: Orm): Promise<string[]> {
  if (await allMigrationsApplied(orm)) return [];
  return (await orm.migrator.getPending()).map((migration) => migration.name);
}

/** Applies pending migrations; returns their names. */
export async function migrate(orm: Orm): Promise<string[]> {
  if (await allMigrationsApplied(orm)) return [];
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
