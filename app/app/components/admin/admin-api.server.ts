import { createApiClient } from '../../api/client.server';
import { requireToken } from '../../lib/session.server';

/** The API client for an admin loader or action (redirects to /sign-in without a session). */
export async function adminApi(request: Request) {
  return createApiClient(await requireToken(request), request);
}

/** Where an invitee accepts: an absolute link an admin can copy into any message. */
export function invitationLink(request: Request, token: string): string {
  const url = new URL('/join', new URL(request.url).origin);
  url.searchParams.set('token', token);
  return url.toString();
}
