import { defineModule } from '../mirai-module.ts';
import { aiRoutingRoutes } from './ai-routing.routes.ts';
import type { AiRoutingService } from './ai-routing.service.ts';

/** Which AI provider and model each task uses per organisation, with fallbacks. Owns no entities of its own. */
export const aiRoutingModule = defineModule<{ routing: AiRoutingService }>({
  name: 'ai-routing',
  entities: { tenantOwned: [], instanceWide: [] },
  routes: async (app, { routing }) => {
    await app.register(aiRoutingRoutes, { routing });
  },
});
