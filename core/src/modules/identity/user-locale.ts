import type { EntityManager } from '@mikro-orm/postgresql';
import { UserSchema } from './user.entity.ts';

/** The user's chosen locale (BCP 47), or null when they chose none; for other modules, which may not read the user entity. */
export async function userLocale(em: EntityManager, userId: string): Promise<string | null> {
  return (await em.findOne(UserSchema, { id: userId }, { fields: ['locale'] }))?.locale ?? null;
}
