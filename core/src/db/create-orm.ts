import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { ENTITIES, TENANT_OWNED_ENTITIES } from './entities.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { type Orm, type OrmOptions, TENANT_FILTER, type TenantFilterParams } from './orm.ts';

function listenOnEveryConnection({ channels, onNotification }: NonNullable<OrmOptions['notifications']>) {
  return (pool: Pool) => {
    pool.on('connect', (client) => {
      client.on('notification', (message) => onNotification(message.channel, message.payload ?? ''));
      // Queued ahead of whatever the pool's caller sends; a failure surfaces as that connection's error.
      for (const channel of channels) client.query(`listen ${channel}`).catch((error: unknown) => client.emit('error', error));
    });
  };
}

/** Opens the database with every module's entities (kept apart from `orm.ts`, which modules import for its types). */
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
