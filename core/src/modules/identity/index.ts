import type { MailProvider } from '@mirai/sdk-plugin';
import { defineModule } from '../mirai-module.ts';
import { type AuthRoutesOptions, authRoutes } from './auth.routes.ts';
import { InvitationSchema } from './invitation.entity.ts';
import { meRoutes } from './me.routes.ts';
import { membersRoutes } from './members.routes.ts';
import type { MembersService } from './members.service.ts';
import { MembershipSchema } from './membership.entity.ts';
import { EmailChangeSchema, PasswordChangeSchema, PasswordResetSchema } from './recovery/account-links.entity.ts';
import { type RecoveryRoutesOptions, recoveryRoutes } from './recovery/recovery.routes.ts';
import { SessionSchema } from './session.entity.ts';
import { sessionsRoutes } from './sessions.routes.ts';
import { TenantSchema } from './tenant.entity.ts';
import { type PlanAllowance, tenantRoutes } from './tenant.routes.ts';
import { UserSchema } from './user.entity.ts';
import { UserIdentitySchema } from './user-identity.entity.ts';
import { EmailVerificationSchema } from './verification/email-verification.entity.ts';
import { VERIFICATION_MAIL_JOB } from './verification/email-verification.service.ts';
import { verificationMailHandler } from './verification/verification-mail.handler.ts';

export interface IdentityServices {
  authRoutes: AuthRoutesOptions;
  members: MembersService;
  /** The organisation's monthly AI allowance, from its plan (billing supplies it). */
  planAllowance: PlanAllowance;
  mail: () => MailProvider;
  appUrl: string;
  /** Password reset and change of e-mail (their mail goes through the people module's account-mail job). */
  recovery: RecoveryRoutesOptions;
}

/** Tenants, users, sessions, memberships and invitations; sign-in, email verification and account recovery. */
export const identityModule = defineModule<IdentityServices>({
  name: 'identity',
  entities: {
    tenantOwned: [MembershipSchema, InvitationSchema],
    instanceWide: [
      TenantSchema,
      UserSchema,
      UserIdentitySchema,
      SessionSchema,
      EmailVerificationSchema,
      PasswordResetSchema,
      EmailChangeSchema,
      PasswordChangeSchema,
    ],
  },
  routes: async (app, services) => {
    await app.register(authRoutes, services.authRoutes);
    await app.register(meRoutes, { sessions: services.authRoutes.sessions });
    await app.register(sessionsRoutes, {
      sessions: services.authRoutes.sessions,
      access: services.authRoutes.access,
      provider: services.authRoutes.provider,
    });
    await app.register(tenantRoutes, { planAllowance: services.planAllowance });
    await app.register(membersRoutes, { members: services.members });
    await app.register(recoveryRoutes, services.recovery);
  },
  jobs: (services) => ({
    [VERIFICATION_MAIL_JOB]: verificationMailHandler({
      mail: services.mail,
      verification: services.authRoutes.verification,
      appUrl: services.appUrl,
    }),
  }),
});
