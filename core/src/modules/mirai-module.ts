import type { EntitySchema } from '@mikro-orm/core';
import type { TypedApp } from '../http/typed-app.ts';
import type { JobHandler } from '../jobs/job-contracts.ts';

/**
 * What a module brings to the core: the tables it owns, its routes and its job handlers.
 * `server.ts` and `db/entities.ts` loop over the module list (`modules/modules.ts`), so adding a
 * module touches one list. `Services` names only what the module's routes and jobs need; the
 * composition root hands every module the same object of services.
 *
 * Migrations stay in one ordered list (`db/migrations/index.ts`): their names are recorded in the
 * database in that order, across modules.
 */
export interface MiraiModule<Services> {
  name: string;
  entities: {
    /** Rows of exactly one tenant: the `tenant` filter applies to them. */
    tenantOwned: readonly EntitySchema[];
    /** Rows read across tenants (tenants, users, sessions, …). */
    instanceWide: readonly EntitySchema[];
  };
  /** Registers the module's routes (API role only). */
  routes?: (app: TypedApp, services: Services) => Promise<void>;
  /** Job handlers by kind, registered on every process that runs jobs. */
  jobs?: (services: Services) => Readonly<Record<string, JobHandler>>;
}

/** Keeps a module's `Services` type while checking its shape. */
export function defineModule<Services>(module: MiraiModule<Services>): MiraiModule<Services> {
  return module;
}
