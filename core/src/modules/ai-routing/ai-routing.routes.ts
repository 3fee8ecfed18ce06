import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MANAGER_ROLES } from '../identity/roles.ts';
import { AiRouting, AiRoutingView } from './ai-routing.schemas.ts';
import type { AiRoutingService } from './ai-routing.service.ts';

export async function aiRoutingRoutes(app: TypedApp, options: { routing: AiRoutingService }): Promise<void> {
  const { routing } = options;
  const manage = requireAuth(...MANAGER_ROLES);
  const tags = ['generation'];

  app.get(
    '/v1/ai/routing',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Which AI provider and model write each task (outline, lesson body, activities, rewrite), with fallbacks',
        response: { 200: AiRoutingView, ...problems(401, 403) },
      },
    },
    async (request) => {
      const { tenantId } = authOf(request);
      return { routing: await routing.get(request.em, tenantId), providers: await routing.providers(request.em, tenantId) };
    },
  );

  app.put(
    '/v1/ai/routing',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Set the provider chain per task; a task left out is written by the default provider',
        body: AiRouting,
        response: { 200: AiRoutingView, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { tenantId } = authOf(request);
      const saved = await routing.put(request.em, tenantId, request.body);
      return { routing: saved, providers: await routing.providers(request.em, tenantId) };
    },
  );
}
