import type { EntityManager } from '@mikro-orm/postgresql';
import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { INT8_SAFE_MAX, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MANAGER_ROLES } from './roles.ts';

const TenantSettings = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  aiMonthlyTokenCap: Type.Union([Type.Integer(), Type.Null()], { description: 'Monthly AI token allowance; null for none' }),
});

interface TenantRow {
  id: string;
  name: string;
  slug: string;
  ai_monthly_token_cap: string | number | null;
}

// Plain SQL: the ORM's bigint mapping turns a NULL cap into 0, and null must mean "no cap".
async function read(em: EntityManager, tenantId: string) {
  const [row] = await em.execute<TenantRow[]>('select id, name, slug, ai_monthly_token_cap from tenant where id = ?', [tenantId]);
  if (row === undefined) throw new Error(`tenant ${tenantId} vanished`);
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    aiMonthlyTokenCap: row.ai_monthly_token_cap === null ? null : Number(row.ai_monthly_token_cap),
  };
}

/** What the organisation's plan allows, for its own cap to stay under; null when nothing is sold (no billing). */
export type PlanAllowance = (em: EntityManager, tenantId: string) => Promise<number | null>;

export async function tenantRoutes(app: TypedApp, options: { planAllowance: PlanAllowance }): Promise<void> {
  const manage = requireAuth(...MANAGER_ROLES);
  app.get(
    '/v1/tenant',
    {
      preHandler: manage,
      schema: { tags: ['tenant'], summary: "The organisation's settings", response: { 200: TenantSettings, ...problems(401, 403) } },
    },
    async (request) => read(request.em, authOf(request).tenantId),
  );
  app.patch(
    '/v1/tenant',
    {
      preHandler: manage,
      schema: {
        tags: ['tenant'],
        summary: 'Rename the organisation or set its AI allowance (owners only)',
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
            // Null first: with type coercion on, ajv would turn null into 0 in an integer branch tried first.
            aiMonthlyTokenCap: Type.Optional(Type.Union([Type.Null(), Type.Integer({ minimum: 0, maximum: INT8_SAFE_MAX })])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: TenantSettings, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { tenantId, role } = authOf(request);
      const { name, aiMonthlyTokenCap } = request.body;
      // The allowance is spending: admins run the organisation day to day, owners decide what it may cost.
      if (aiMonthlyTokenCap !== undefined && role !== 'owner')
        throw new MiraiError('MIRAI_ERR_AUTH_FORBIDDEN', 'Only an owner can change the monthly AI allowance');
      // The operator sells the allowance: an organisation may only set a lower cap of its own.
      const allowance = aiMonthlyTokenCap === undefined ? null : await options.planAllowance(request.em, tenantId);
      if (allowance !== null && (aiMonthlyTokenCap === null || (aiMonthlyTokenCap ?? 0) > allowance))
        throw new MiraiError(
          'MIRAI_ERR_BILLING_CAP_ABOVE_PLAN',
          `The plan allows ${allowance} AI tokens a month; /body/aiMonthlyTokenCap may only be set lower (or equal), not ${aiMonthlyTokenCap === null ? 'removed' : aiMonthlyTokenCap}`,
        );
      if (name !== undefined) await request.em.execute('update tenant set name = ? where id = ?', [name.trim(), tenantId]);
      if (aiMonthlyTokenCap !== undefined)
        await request.em.execute('update tenant set ai_monthly_token_cap = ? where id = ?', [aiMonthlyTokenCap, tenantId]);
      return read(request.em, tenantId);
    },
  );
}
