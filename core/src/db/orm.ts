import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { ENTITIES, TENANT_OWNED_ENTITIES } from './entities.ts';
import { MIGRATIONS } from './migrations/index.ts';

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

function listenOnEveryConnection({ channels, onNotification }: NonNullable<OrmOptions['notifications']>) {
  return (pool: Pool) => {
    pool.on('connect', (client) => {
      client.on('notification', (message) => onNotification(message.channel, message.payload ?? ''));
      // Queued ahead of whatever the pool's caller sends; a failure surfaces as that connection's error.
      for (const channel of channels) client.query(`listen ${channel}`).catch((error: unknown) => client.emit('error', error));
    });
  };
}

export async function createOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init({
    clientUrl: options.url,
    entities: ENTITIES,
    extensions: [Migrator],
    pool: { min: options.poolMax === 1 ? 1 : 0, max: options.poolMax },
    debug: options.debug ?? false,
    ...(options.notifications === undefined ? {} : { driverOptions: { onPoolCreated: listenOnEveryConnection(options.notifications) } }),
    allowGlobalContext: false,
    migrations: { migrationsList: MIGRATIONS, snapshot: false, snapshotOnMigrate: false, silent: true },
    filters: {
      // Enabled by default and without default arguments: a query for tenant-owned rows
      // without a tenant in scope fails instead of reading every tenant's rows.
      [TENANT_FILTER]: {
        cond: (args: TenantFilterParams) => ({ tenantId: args.tenantId }),
        entity: TENANT_OWNED_ENTITIES.map((schema) => schema.meta.className),
        default: true,
      },
    },
  });
}

export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
