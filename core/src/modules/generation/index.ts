import type { PriceTable } from '../ai-routing/price-table.ts';
import { defineModule } from '../mirai-module.ts';
import { generationRoutes } from './generation.routes.ts';
import type { GenerationService } from './generation.service.ts';
import type { GenerationDeps } from './generation-deps.ts';
import { lessonHandler } from './lesson.handler.ts';
import { lessonsFanoutHandler } from './lessons-fanout.handler.ts';
import { outlineHandler } from './outline.handler.ts';

export interface GenerationServices extends GenerationDeps {
  generation: GenerationService;
  /** Operator-configured model prices, for the usage report's cost column. */
  prices: PriceTable;
}

/** AI generation of outlines and lessons as jobs; token usage against the monthly allowance. Owns no entities (it writes through courses). */
export const generationModule = defineModule<GenerationServices>({
  name: 'generation',
  entities: { tenantOwned: [], instanceWide: [] },
  routes: async (app, { generation, usage, prices }) => {
    await app.register(generationRoutes, { generation, usage, prices });
  },
  jobs: (services) =>
    Object.fromEntries([outlineHandler(services), lessonsFanoutHandler(), lessonHandler(services)].map((job) => [job.kind, job.handler])),
});
