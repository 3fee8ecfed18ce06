import { defineModule } from '../mirai-module.ts';
import { scormRoutes } from './scorm.routes.ts';
import type { ScormAttemptsService } from './scorm-attempts.service.ts';
import type { ScormImportService } from './scorm-import.service.ts';
import { ScormAttemptSchema, ScormPackageSchema, ScormScoSchema, ScormSequencingStateSchema } from './scorm-package.entity.ts';

/** Third-party SCORM 1.2 and 2004 packages: import, launch from the content origin, CMI data per learner. */
export const scormModule = defineModule<{ scormImports: ScormImportService; scormAttempts: ScormAttemptsService }>({
  name: 'scorm',
  entities: { tenantOwned: [ScormPackageSchema, ScormScoSchema, ScormAttemptSchema, ScormSequencingStateSchema], instanceWide: [] },
  routes: async (app, { scormImports, scormAttempts }) => {
    await app.register(scormRoutes, { imports: scormImports, attempts: scormAttempts });
  },
});
