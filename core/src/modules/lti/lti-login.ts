import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { hashToken, newToken } from '../identity/tokens.ts';
import type { LtiPlatform } from './lti.entity.ts';

/** How long a platform has to answer the auth request with the launch. */
const STATE_TTL_SECONDS = 600;

export interface LoginInitiation {
  iss: string;
  login_hint: string;
  target_link_uri: string;
  lti_message_hint?: string | undefined;
  lti_deployment_id?: string | undefined;
  client_id?: string | undefined;
}

/**
 * OIDC third-party login initiation (LTI 1.3 core 5.1.1): remembers a fresh state and nonce for
 * the platform and answers with the platform's auth URL. The caller binds `state` to a cookie;
 * the launch must bring both back, and consuming the row makes the nonce single-use.
 */
export async function startLogin(
  em: EntityManager,
  platform: LtiPlatform,
  input: LoginInitiation,
  urls: { publicUrl: string; launchUrl: string },
): Promise<{ state: string; redirect: string }> {
  let target: URL;
  try {
    target = new URL(input.target_link_uri);
  } catch {
    throw new MiraiError('MIRAI_ERR_LTI_LOGIN_INVALID', 'target_link_uri is not a URL', {
      fieldErrors: [{ field: '/target_link_uri', message: 'not a URL' }],
    });
  }
  // Only our own URLs: otherwise the initiation is an open redirect through the platform.
  if (target.origin !== new URL(urls.publicUrl).origin)
    throw new MiraiError('MIRAI_ERR_LTI_LOGIN_INVALID', 'target_link_uri must be a URL of this Mirai', {
      fieldErrors: [{ field: '/target_link_uri', message: 'not a URL of this Mirai' }],
    });
  if (input.lti_deployment_id !== undefined && !platform.deploymentIds.includes(input.lti_deployment_id))
    throw new MiraiError('MIRAI_ERR_LTI_LOGIN_INVALID', 'lti_deployment_id is not registered for this platform', {
      fieldErrors: [{ field: '/lti_deployment_id', message: 'unknown deployment' }],
    });
  const state = newToken();
  const nonce = newToken();
  await em.execute("delete from lti_login_state where expires_at < now() - interval '1 hour'");
  await em.execute(
    `insert into lti_login_state (state_hash, nonce, platform_id, expires_at) values (?, ?, ?, now() + interval '${STATE_TTL_SECONDS} seconds')`,
    [hashToken(state), nonce, platform.id],
  );
  const redirect = new URL(platform.authLoginUrl);
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: urls.launchUrl,
    login_hint: input.login_hint,
    state,
    nonce,
  };
  if (input.lti_message_hint !== undefined) params.lti_message_hint = input.lti_message_hint;
  for (const [name, value] of Object.entries(params)) redirect.searchParams.set(name, value);
  return { state, redirect: redirect.toString() };
}

/** Takes the login state once: its platform and nonce, or null when unknown, used or expired. */
export async function consumeState(em: EntityManager, state: string): Promise<{ platformId: string; nonce: string } | null> {
  const rows = await em.execute<{ platform_id: string; nonce: string }[]>(
    'delete from lti_login_state where state_hash = ? and expires_at > now() returning platform_id, nonce',
    [hashToken(state)],
  );
  const row = rows[0];
  return row === undefined ? null : { platformId: row.platform_id, nonce: row.nonce };
}
