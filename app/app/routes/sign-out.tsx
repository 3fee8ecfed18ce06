import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { createApiClient, reachApi } from '../api/client.server';
import { flowUrl, selfServiceProvider } from '../lib/auth-provider.server';
import { getToken, signOutAndRedirect } from '../lib/session.server';

/**
 * The provider's logout URL for this browser's session: Kratos hands one out (with a one-time
 * token) to whoever presents the session cookie; undefined when there is no session to end.
 */
async function providerLogoutUrl(request: Request, logoutFlow: string, cookie: string): Promise<string | undefined> {
  try {
    const response = await fetch(flowUrl(logoutFlow, request, '/sign-in'), { headers: { Cookie: cookie, Accept: 'application/json' } });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { logout_url?: unknown };
    return typeof body.logout_url === 'string' ? body.logout_url : undefined;
  } catch (error) {
    console.error('Could not create a logout URL with the identity provider:', error);
    return undefined;
  }
}

/**
 * POST /sign-out. With auth-local: ends the API session (best effort), forgets the token, goes to
 * /sign-in. With a session provider (e.g. Kratos): sends the browser through its logout flow,
 * which clears its session cookie and comes back to /sign-in.
 */
export async function action({ request }: ActionFunctionArgs) {
  const token = await getToken(request);
  const provider = await selfServiceProvider();
  if (provider !== null) {
    const logoutUrl =
      token !== undefined && 'cookie' in token ? await providerLogoutUrl(request, provider.selfService.logout, token.cookie) : undefined;
    return signOutAndRedirect(request, logoutUrl ?? '/sign-in');
  }
  if (token !== undefined) await reachApi(createApiClient(token).POST('/v1/auth/logout'));
  return signOutAndRedirect(request);
}

export function loader() {
  return redirect('/');
}
