import type { EntityManager } from '@mikro-orm/postgresql';
import { type ScormAttempt, ScormAttemptSchema, type ScormPackage, ScormPackageSchema } from './scorm-package.entity.ts';

export { scormDurationSeconds } from './scorm-duration.ts';
export type { ScormAttempt, ScormPackage };

/** The SCORM module's rows as other modules (groups' gradebook) and the content server read them. */
export const scormRecords = {
  attempts: (em: EntityManager, enrolmentIds: readonly string[]): Promise<ScormAttempt[]> =>
    enrolmentIds.length === 0 ? Promise.resolve([]) : em.find(ScormAttemptSchema, { enrolmentId: { $in: [...enrolmentIds] } }),
  packageOfTenant: (em: EntityManager, tenantId: string, id: string): Promise<ScormPackage | null> =>
    em.findOne(ScormPackageSchema, { id, tenantId }, { filters: { tenant: false } }),
};
