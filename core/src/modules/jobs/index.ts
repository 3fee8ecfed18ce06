import type { JobRunner } from '../../jobs/job-runner.ts';
import type { JobsService } from '../../jobs/jobs.service.ts';
import { defineModule } from '../mirai-module.ts';
import { jobsRoutes } from './jobs.routes.ts';

export interface JobsRoutesServices {
  jobs: JobsService;
  runner: JobRunner;
}

/** The HTTP face of `core/src/jobs` (status, cancel, retry); the job table itself belongs to the job system. */
export const jobsModule = defineModule<JobsRoutesServices>({
  name: 'jobs',
  entities: { tenantOwned: [], instanceWide: [] },
  routes: async (app, { jobs, runner }) => {
    await app.register(jobsRoutes, { jobs, runner });
  },
});
