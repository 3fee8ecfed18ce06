import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const TenantSchema = defineEntity({
  name: 'Tenant',
  tableName: 'tenant',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    slug: p.string().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type Tenant = InferEntity<typeof TenantSchema>;
