import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** An identity of a session provider (e.g. a Kratos identity id) linked to a Mirai user on first sight. */
export const UserIdentitySchema = defineEntity({
  name: 'UserIdentity',
  tableName: 'user_identity',
  properties: {
    id: p.uuid().primary(),
    provider: p.string(),
    subject: p.string(),
    userId: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['provider', 'subject'] }],
});

export type UserIdentity = InferEntity<typeof UserIdentitySchema>;
