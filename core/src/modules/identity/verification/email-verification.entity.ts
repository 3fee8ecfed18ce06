import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** One verification link sent to `email` for a user; single-use, expiring, only the token's SHA-256 stored. */
export const EmailVerificationSchema = defineEntity({
  name: 'EmailVerification',
  tableName: 'email_verification',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    email: p.string(),
    tokenHash: p.string().unique(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    /** Set by the mail job once the provider took the message, so a re-delivered job sends nothing. */
    sentAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type EmailVerification = InferEntity<typeof EmailVerificationSchema>;
