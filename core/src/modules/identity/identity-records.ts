import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantSchema } from './tenant.entity.ts';
import { type User, UserSchema } from './user.entity.ts';

export type { User };

/** The identity module's rows as other modules (learning, plugins) read them; the entity schemas stay private. */
export const identityRecords = {
  users: (em: EntityManager, ids: readonly string[]): Promise<User[]> => em.find(UserSchema, { id: { $in: [...ids] } }),
  /** Whether the organisation exists, looked up across tenants (webhook addresses name one before any tenant is in scope). */
  tenantExists: async (em: EntityManager, id: string): Promise<boolean> => (await em.findOne(TenantSchema, { id }, { filters: false })) !== null,
};
