import type { OutlineService } from '../courses/outline.service.ts';
import { defineModule } from '../mirai-module.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { CourseExportSchema } from './course-export.entity.ts';
import { exportHandler } from './export.handler.ts';
import { exportsRoutes } from './exports.routes.ts';
import type { ExportsService } from './exports.service.ts';

export interface ExportsServices {
  exports: ExportsService;
  plugins: TenantPluginsService;
  outline: OutlineService;
}

/** Course exports through exporter plugins, run as jobs. */
export const exportsModule = defineModule<ExportsServices>({
  name: 'exports',
  entities: { tenantOwned: [CourseExportSchema], instanceWide: [] },
  routes: async (app, { exports }) => {
    await app.register(exportsRoutes, { exports });
  },
  jobs: ({ plugins, outline, exports }) => {
    const job = exportHandler({ plugins, outline, exports });
    return { [job.kind]: job.handler };
  },
});
