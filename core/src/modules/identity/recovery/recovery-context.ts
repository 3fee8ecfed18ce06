import type { EntityManager } from '@mikro-orm/postgresql';
import { isPluginError, type PasswordAuthProvider } from '@mirai/sdk-plugin';
import { MiraiError } from '../../../errors/mirai-error.ts';
import type { JobsService } from '../../../jobs/jobs.service.ts';
import type { AccessNoticePublisher } from '../../../realtime/access-notice.ts';
import type { LinkTokens } from '../link-tokens.ts';
import { MembershipSchema } from '../membership.entity.ts';
import type { SignInThrottle } from '../throttle/sign-in-throttle.ts';

/** What password reset and change of e-mail share: the provider, the queue, the links. */
export interface RecoveryDeps {
  providerName: string;
  provider: PasswordAuthProvider | null;
  jobs: JobsService;
  throttle: SignInThrottle;
  access: AccessNoticePublisher | undefined;
  appUrl: string;
  /** Kicks the outbox relay so the mail leaves without waiting for its poll. */
  afterCommit: () => void;
}

export function passwordProvider(deps: RecoveryDeps): PasswordAuthProvider {
  if (deps.provider === null)
    throw new MiraiError(
      'MIRAI_ERR_AUTH_PROVIDER_UNSUPPORTED',
      `The identity provider "${deps.providerName}" manages passwords and addresses in its own flows (selfService in GET /v1/auth/provider)`,
    );
  return deps.provider;
}

/** The plugin's refusal of a password, as a 400 naming the field. */
export function asPasswordProblem(error: unknown, field = '/body/password'): unknown {
  if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_BAD_INPUT')
    return new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `${field} ${error.message}`, {
      fieldErrors: [{ field, message: error.message }],
    });
  return error;
}

/** Jobs belong to an organisation; account mail goes under the user's oldest membership (null: the user can sign in nowhere). */
export async function homeTenantOf(em: EntityManager, userId: string): Promise<string | null> {
  const membership = await em.findOne(MembershipSchema, { userId }, { filters: { tenant: false }, orderBy: { createdAt: 'asc' } });
  return membership?.tenantId ?? null;
}

export function appLink(appUrl: string, path: string, tokens: LinkTokens, id: string): string {
  const url = new URL(path, appUrl);
  url.searchParams.set('token', tokens.tokenOf(id));
  return url.toString();
}
