import { Migration0001IdentityAndTenancy } from './0001-identity-and-tenancy.ts';

/**
 * Applied in order; names are recorded in the `mikro_orm_migrations` table, so never rename
 * or reorder an entry once it has shipped. Add a new file for every schema change.
 */
export const MIGRATIONS = [{ name: '0001-identity-and-tenancy', class: Migration0001IdentityAndTenancy }];
