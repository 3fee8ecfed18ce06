import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { costOf, type PriceTable } from '../ai-routing/price-table.ts';
import { AUTHOR_ROLES, MANAGER_ROLES } from '../identity/roles.ts';
import type { GenerationService } from './generation.service.ts';
import type { UsageService } from './usage.service.ts';

const Accepted = Type.Object({ jobId: Type.String({ description: 'Follow it at GET /v1/jobs/{id} or over /v1/ws' }) });
const Instruction = Type.Object(
  { instruction: Type.Optional(Type.String({ maxLength: 2000, description: 'e.g. "more examples"; send {} for none' })) },
  { additionalProperties: false },
);
const Usage = Type.Object({
  month: Type.String(),
  tokens: Type.Integer(),
  cap: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.String({ description: "The price table's currency (MIRAI_AI_PRICES)" }),
  cost: Type.Union([Type.Number(), Type.Null()], { description: 'Cost of the priced models this month; null when none is priced' }),
  models: Type.Array(
    Type.Object({
      plugin: Type.String({ description: 'The plugin (older rows: the provider name it reported)' }),
      model: Type.String(),
      inputTokens: Type.Integer(),
      outputTokens: Type.Integer({ description: 'Reasoning tokens included' }),
      cost: Type.Union([Type.Number(), Type.Null()], { description: 'null: the price table has no price for this model' }),
    }),
    { description: 'This month by plugin and model, most tokens first' },
  ),
});

export async function generationRoutes(
  app: TypedApp,
  options: { generation: GenerationService; usage: UsageService; prices: PriceTable },
): Promise<void> {
  const { generation, usage, prices } = options;
  const author = requireAuth(...AUTHOR_ROLES);
  const tags = ['generation'];
  const started = { 202: Accepted, ...problems(400, 401, 402, 403, 404, 409) };

  app.post(
    '/v1/courses/:id/generate-outline',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Draft the outline from the course, its SMEs and audiences',
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            {
              moduleCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
              lessonsPerModule: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
            },
            { additionalProperties: false },
          ),
        ),
        response: started,
      },
    },
    async (request, reply) =>
      reply.status(202).send({ jobId: await generation.outline(request.em, authOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/v1/courses/:id/generate-lessons',
    { preHandler: author, schema: { tags, summary: 'Write every lesson of the outline (one job per lesson)', params: IdParams, response: started } },
    async (request, reply) => reply.status(202).send({ jobId: await generation.lessons(request.em, authOf(request), request.params.id) }),
  );

  app.post(
    '/v1/lessons/:id/regenerate',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Rewrite one lesson, optionally following an instruction; earlier versions are kept',
        params: IdParams,
        body: Instruction,
        response: started,
      },
    },
    async (request, reply) =>
      reply.status(202).send({ jobId: await generation.regenerateLesson(request.em, authOf(request), request.params.id, request.body.instruction) }),
  );

  app.post(
    '/v1/modules/:id/regenerate',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Rewrite every lesson of one module; the rest of the course is untouched',
        params: IdParams,
        body: Instruction,
        response: started,
      },
    },
    async (request, reply) =>
      reply.status(202).send({ jobId: await generation.regenerateModule(request.em, authOf(request), request.params.id, request.body.instruction) }),
  );

  app.get(
    '/v1/usage',
    {
      preHandler: requireAuth(...MANAGER_ROLES),
      schema: {
        tags,
        summary: "This month's AI token use against the cap, and its cost per provider and model",
        response: { 200: Usage, ...problems(401, 403) },
      },
    },
    async (request) => {
      const { tenantId } = authOf(request);
      const models = (await usage.byModel(request.em, tenantId)).map((row) => ({
        ...row,
        cost: costOf(prices, row.plugin, row.model, row.inputTokens, row.outputTokens),
      }));
      const priced = models.flatMap((row) => (row.cost === null ? [] : [row.cost]));
      return {
        ...(await usage.thisMonth(request.em, tenantId)),
        currency: prices.currency,
        cost: priced.length === 0 ? null : priced.reduce((sum, cost) => sum + cost, 0),
        models,
      };
    },
  );
}
