import type { EntityManager } from '@mikro-orm/postgresql';
import { type Tenant, TenantSchema } from './tenant.entity.ts';
import { type User, UserSchema } from './user.entity.ts';

export type { Tenant, User };

/** The identity module's rows as other modules (learning, plugins, certificates) read them; the entity schemas stay private. */
export const identityRecords = {
  user: (em: EntityManager, id: string): Promise<User | null> => em.findOne(UserSchema, { id }),
  userOrFail: (em: EntityManager, id: string): Promise<User> => em.findOneOrFail(UserSchema, { id }),
  users: (em: EntityManager, ids: readonly string[]): Promise<User[]> => em.find(UserSchema, { id: { $in: [...ids] } }),
  /** Whether the organisation exists, looked up across tenants (webhook addresses name one before any tenant is in scope). */
  tenant: (em: EntityManager, id: string): Promise<Tenant | null> => em.findOne(TenantSchema, { id }),
  tenantOrFail: (em: EntityManager, id: string): Promise<Tenant> => em.findOneOrFail(TenantSchema, { id }),
  tenantExists: async (em: EntityManager, id: string): Promise<boolean> => (await em.findOne(TenantSchema, { id }, { filters: false })) !== null,
};
