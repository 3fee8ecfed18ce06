import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { createApiClient, reachApi } from '../api/client.server';
import { getToken, signOutAndRedirect } from '../lib/session.server';

/** POST /sign-out: ends the API session (best effort), forgets the token, goes to /sign-in. */
export async function action({ request }: ActionFunctionArgs) {
  const token = await getToken(request);
  if (token !== undefined) await reachApi(createApiClient(token).POST('/v1/auth/logout'));
  return signOutAndRedirect(request);
}

export function loader() {
  return redirect('/');
}
