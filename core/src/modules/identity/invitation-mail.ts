import type { JobsService } from '../../jobs/jobs.service.ts';
import type { ComposeMail } from '../people/account-mail.ts';
import { InvitationSchema } from './invitation.entity.ts';
import type { LinkTokens } from './link-tokens.ts';
import { TenantSchema } from './tenant.entity.ts';
import { UserSchema } from './user.entity.ts';

/** What MembersService needs to mail an invitation: the queue, the token derivation, a relay kick. */
export interface InvitationMailDeps {
  jobs: JobsService;
  tokens: LinkTokens;
  afterCommit: () => void;
}

const NO_TENANT_FILTER = { filters: { tenant: false } } as const;

/** The invitation mail, with its join link rebuilt from the id; nothing once accepted, revoked or expired. */
export function invitationComposer(tokens: LinkTokens, appUrl: string): Record<string, ComposeMail> {
  return {
    invitation: async (em, { id }) => {
      const invitation = await em.findOne(InvitationSchema, { id }, NO_TENANT_FILTER);
      if (invitation === null || invitation.acceptedAt !== null || invitation.expiresAt <= new Date() || invitation.delivery !== 'mail') return null;
      const tenant = await em.findOne(TenantSchema, { id: invitation.tenantId });
      const inviter = await em.findOne(UserSchema, { id: invitation.invitedBy });
      const link = new URL('/join', appUrl);
      link.searchParams.set('token', tokens.tokenOf(invitation.id));
      return {
        to: invitation.email,
        message: {
          key: 'invitation',
          params: {
            inviter: inviter?.email ?? null,
            organisation: tenant?.name ?? null,
            role: invitation.role,
            email: invitation.email,
            expiresAt: invitation.expiresAt,
          },
        },
        actionUrl: link.toString(),
        idempotencyKey: `invitation-${invitation.id}`,
      };
    },
  };
}
