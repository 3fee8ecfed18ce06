import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** One password-reset link mailed to a user; single-use, expiring, only the token's SHA-256 stored. */
export const PasswordResetSchema = defineEntity({
  name: 'PasswordReset',
  tableName: 'password_reset',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    email: p.string(),
    tokenHash: p.string().unique(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type PasswordReset = InferEntity<typeof PasswordResetSchema>;

/** A requested change of a user's e-mail address, confirmed by a link mailed to the new address. */
export const EmailChangeSchema = defineEntity({
  name: 'EmailChange',
  tableName: 'email_change',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    oldEmail: p.string(),
    newEmail: p.string(),
    tokenHash: p.string().unique(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type EmailChange = InferEntity<typeof EmailChangeSchema>;

/** A password changed by its signed-in owner; the notice mail is composed from it. */
export const PasswordChangeSchema = defineEntity({
  name: 'PasswordChange',
  tableName: 'password_change',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    email: p.string(),
    otherSessionsEnded: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type PasswordChange = InferEntity<typeof PasswordChangeSchema>;
