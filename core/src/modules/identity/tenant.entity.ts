import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const TenantSchema = defineEntity({
  name: 'Tenant',
  tableName: 'tenant',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    slug: p.string().unique(),
    /** Monthly AI token allowance; null means no cap. */
    aiMonthlyTokenCap: p.bigint('number').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type Tenant = InferEntity<typeof TenantSchema>;
