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

export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
