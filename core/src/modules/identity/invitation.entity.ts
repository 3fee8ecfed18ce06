import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ROLES } from './roles.ts';

/** An offer to join a tenant with a role; only the SHA-256 of its token is stored. */
export const InvitationSchema = defineEntity({
  name: 'Invitation',
  tableName: 'invitation',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    email: p.string(),
    role: p.enum(ROLES),
    tokenHash: p.string().unique(),
    /** `mail`: the token went only to `email`, so using it proves the address; `link`: the inviter shares it by hand. */
    delivery: p.enum(['mail', 'link'] as const),
    invitedBy: p.uuid(),
    expiresAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type Invitation = InferEntity<typeof InvitationSchema>;
