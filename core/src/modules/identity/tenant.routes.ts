import { Type } from 'typebox';
import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MANAGER_ROLES } from './roles.ts';
import { type Tenant, TenantSchema } from './tenant.entity.ts';

const TenantSettings = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  aiMonthlyTokenCap: Type.Union([Type.Integer(), Type.Null()], { description: 'Monthly AI token allowance; null for none' }),
});
const view = (t: Tenant) => ({ id: t.id, name: t.name, slug: t.slug, aiMonthlyTokenCap: t.aiMonthlyTokenCap ?? null });

export async function tenantRoutes(app: TypedApp): Promise<void> {
  const manage = requireAuth(...MANAGER_ROLES);
  app.get(
    '/v1/tenant',
    {
      preHandler: manage,
      schema: { tags: ['tenant'], summary: "The organisation's settings", response: { 200: TenantSettings, ...problems(401, 403) } },
    },
    async (request) => view(await request.em.findOneOrFail(TenantSchema, { id: authOf(request).tenantId })),
  );
  app.patch(
    '/v1/tenant',
    {
      preHandler: manage,
      schema: {
        tags: ['tenant'],
        summary: 'Rename the organisation or set its AI allowance',
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
            aiMonthlyTokenCap: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: TenantSettings, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const tenant = await request.em.findOneOrFail(TenantSchema, { id: authOf(request).tenantId });
      request.em.assign(tenant, Object.fromEntries(Object.entries(request.body).filter(([, v]) => v !== undefined)));
      await request.em.flush();
      return view(tenant);
    },
  );
}
