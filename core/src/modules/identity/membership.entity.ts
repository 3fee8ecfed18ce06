import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ROLES } from './roles.ts';

export const MembershipSchema = defineEntity({
  name: 'Membership',
  tableName: 'membership',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    userId: p.uuid(),
    role: p.enum(ROLES),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['tenantId', 'userId'] }],
});

export type Membership = InferEntity<typeof MembershipSchema>;
