import type { MikroORM } from '@mikro-orm/postgresql';

export type Orm = MikroORM;

export interface OrmOptions {
  url: string;
  /** PGlite is one session: more than one connection would interleave transactions. */
  poolMax: number;
  debug?: boolean;
}

export interface TenantFilterParams {
  tenantId: string;
}

export const TENANT_FILTER = 'tenant';

export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
