import { type ApiClient, createApiClient } from '../api/client.server';
import { requireToken, signOutAndRedirect } from './session.server';

/**
 * The API as the signed-in user sees it, for loaders and actions: redirects to /sign-in without a
 * credential or when the API answers 401 (the credential went stale: it is forgotten), and throws
 * a 503 when the API cannot be reached. Callers then handle only the API's own answers.
 */
export async function api(request: Request): Promise<ApiClient> {
  const client = createApiClient(await requireToken(request), request);
  client.use({
    async onResponse({ response }) {
      if (response.status === 401) throw await signOutAndRedirect(request);
      return undefined;
    },
  });
  return client;
}
