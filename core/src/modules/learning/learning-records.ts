import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { type Enrolment, EnrolmentSchema } from './enrolment.entity.ts';

export type { Enrolment };

/** The learning module's rows as other modules (certificates) read them; the entity schemas stay private. */
export const learningRecords = {
  enrolment: (em: EntityManager, where: FilterQuery<Enrolment>): Promise<Enrolment | null> => em.findOne(EnrolmentSchema, where),
};
