import { Type } from 'typebox';
import { MAIL_LOCALES } from '../people/mail-messages.ts';
import { ROLES } from './roles.ts';

export const Email = Type.String({ format: 'email', maxLength: 254 });
/** A new password (sign-up, reset): ASVS 2.1.2 refuses more than 128 characters. Sign-in takes up to 200 (older accounts). */
export const Password = Type.String({ minLength: 10, maxLength: 128 });
export const RoleSchema = Type.Enum(ROLES);

export const UserView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  emailVerified: Type.Boolean({ description: 'Whether the user confirmed the address (needed to accept invitations)' }),
});
export const TenantView = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() });

export const SignupBody = Type.Object(
  {
    email: Email,
    password: Password,
    tenantName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    invitationToken: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
  },
  { additionalProperties: false, description: 'Give tenantName to create an organisation, or invitationToken to join one.' },
);

export const InvitationTokenBody = Type.Object({ token: Type.String({ minLength: 16, maxLength: 200 }) }, { additionalProperties: false });
export const InvitationOfferView = Type.Object({
  organisation: Type.String({ description: 'The name of the organisation the invitation joins' }),
  email: Type.String({ description: 'The address the invitation was made for; joining needs an account with it' }),
  role: RoleSchema,
  expiresAt: Type.String({ format: 'date-time' }),
});

export const LoginBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 200 }), tenantId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);

export const VerifyEmailBody = Type.Object({ token: Type.String({ minLength: 16, maxLength: 200 }) }, { additionalProperties: false });

export const SessionView = Type.Object({
  user: UserView,
  tenant: TenantView,
  role: RoleSchema,
  token: Type.String({ description: 'Bearer token for API clients; browsers also get it as an httpOnly cookie' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const LocaleSchema = Type.Union([Type.Null(), Type.Enum([...MAIL_LOCALES])], {
  description: 'The language mail is written in: en, fr or de; null: English',
});
export const LocaleBody = Type.Object({ locale: LocaleSchema }, { additionalProperties: false });
export const MeView = Type.Object({
  user: Type.Object({ ...UserView.properties, locale: LocaleSchema }),
  tenant: TenantView,
  role: RoleSchema,
  tenants: Type.Array(Type.Object({ tenant: TenantView, role: RoleSchema }), { description: 'Every organisation the user belongs to' }),
});

export const MemberView = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  createdAt: Type.String({ format: 'date-time' }),
});

export const InvitationDelivery = Type.Enum(['mail', 'link'], {
  description:
    'mail (default): the invitation is mailed to the address and only its owner can use it; link: the token is returned once for you to share, and whoever signs up with it joins unverified',
});
export const InvitationBody = Type.Object(
  { email: Email, role: RoleSchema, delivery: Type.Optional(InvitationDelivery) },
  { additionalProperties: false },
);
export const InvitationView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  expiresAt: Type.String({ format: 'date-time' }),
  delivery: InvitationDelivery,
  token: Type.Optional(Type.String({ description: 'Returned once, at creation, for `delivery: link` only; share it with the invitee' })),
});
export const MemberRoleBody = Type.Object({ role: RoleSchema }, { additionalProperties: false });

export const AuthProviderView = Type.Object(
  {
    name: Type.String({ description: 'The plugin that authenticates users (MIRAI_AUTH_PROVIDER)' }),
    kind: Type.Union([Type.Literal('password'), Type.Literal('session')], {
      description: 'password: sign up and in through /v1/auth/*; session: through the provider’s own pages',
    }),
    selfService: Type.Union([
      Type.Null(),
      Type.Object({
        login: Type.String({ description: 'Browser flow to sign in; append ?return_to=' }),
        registration: Type.String({ description: 'Browser flow to create an account; append ?return_to=' }),
        logout: Type.String({ description: 'Creates a logout URL for the session cookie sent to it; append ?return_to=' }),
      }),
    ]),
    sessionCookie: Type.Union([Type.Null(), Type.String({ description: 'Name of the provider’s session cookie that a server-side app forwards' })]),
  },
  { additionalProperties: false },
);
