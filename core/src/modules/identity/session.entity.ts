import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A server-side sign-in session; only the SHA-256 of its token is stored. */
export const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: {
    id: p.uuid().primary(),
    tokenHash: p.string().unique(),
    userId: p.uuid(),
    tenantId: p.uuid(),
    expiresAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type Session = InferEntity<typeof SessionSchema>;
