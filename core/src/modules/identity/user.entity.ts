import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A person, across organisations; linked to exactly one identity of the auth provider. */
export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.uuid().primary(),
    email: p.string().unique(),
    authProvider: p.string(),
    authSubject: p.string(),
    /** When the user proved they receive mail at `email`; null until then (see docs/authentication.md). */
    emailVerifiedAt: p.datetime().nullable(),
    /** The language the person reads mail in (`en`, `fr`, `de`); null: English (docs/people.md, "Languages"). */
    locale: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['authProvider', 'authSubject'] }],
});

export type User = InferEntity<typeof UserSchema>;
