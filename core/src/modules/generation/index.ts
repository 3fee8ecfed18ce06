import { defineModule } from '../mirai-module.ts';
import { generationRoutes } from './generation.routes.ts';
import type { GenerationService } from './generation.service.ts';
import { type GenerationDeps, JOB_KINDS } from './generation-deps.ts';
import { lessonHandler } from './lesson.handler.ts';
import { lessonsFanoutHandler } from './lessons-fanout.handler.ts';
import { outlineHandler } from './outline.handler.ts';

export interface GenerationServices extends GenerationDeps {
  generation: GenerationService;
}

/** AI generation of outlines and lessons as jobs; token usage against the monthly allowance. Owns no entities (it writes through courses). */
export const generationModule = defineModule<GenerationServices>({
  name: 'generation',
  entities: { tenantOwned: [], instanceWide: [] },
  routes: async (app, { generation, usage }) => {
    await app.register(generationRoutes, { generation, usage });
  },
  jobs: (services) => ({
    [JOB_KINDS.outline]: outlineHandler(services),
    [JOB_KINDS.lessons]: lessonsFanoutHandler(),
    [JOB_KINDS.lesson]: lessonHandler(services),
  }),
});
