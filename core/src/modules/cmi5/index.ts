import { defineModule } from '../mirai-module.ts';
import { cmi5Routes } from './cmi5.routes.ts';
import type { Cmi5ImportService } from './cmi5-import.service.ts';
import type { Cmi5LaunchService } from './cmi5-launch.service.ts';
import { Cmi5AuSchema, Cmi5AuStatusSchema, Cmi5CourseSchema, Cmi5RegistrationSchema, Cmi5SessionSchema } from './cmi5-records.entity.ts';

/** cmi5 courses: import, launch (registration, session, launch data, fetch URL), with Mirai's LRS as the AU's LRS. */
export const cmi5Module = defineModule<{ cmi5Imports: Cmi5ImportService; cmi5Launches: Cmi5LaunchService }>({
  name: 'cmi5',
  entities: { tenantOwned: [Cmi5CourseSchema, Cmi5AuSchema, Cmi5RegistrationSchema, Cmi5AuStatusSchema, Cmi5SessionSchema], instanceWide: [] },
  routes: async (app, { cmi5Imports, cmi5Launches }) => {
    await app.register(cmi5Routes, { imports: cmi5Imports, launches: cmi5Launches });
  },
});
