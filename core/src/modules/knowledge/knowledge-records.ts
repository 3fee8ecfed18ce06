import type { EntityManager } from '@mikro-orm/postgresql';
import { type Audience, AudienceSchema } from './audience.entity.ts';
import { SmeSchema } from './sme.entity.ts';

export type { Audience };

/** The knowledge module's rows as other modules (courses, generation) read them; its entity schemas stay private. */
export const knowledgeRecords = {
  audiences: (em: EntityManager, ids: readonly string[]): Promise<Audience[]> =>
    ids.length === 0 ? Promise.resolve([]) : em.find(AudienceSchema, { id: { $in: [...ids] } }),
  /** Which of `ids` name experts of the tenant in scope. */
  existingSmeIds: async (em: EntityManager, ids: readonly string[]): Promise<string[]> =>
    (await em.find(SmeSchema, { id: { $in: [...ids] } })).map((row) => row.id),
};
