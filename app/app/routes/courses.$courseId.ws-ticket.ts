import type { LoaderFunctionArgs } from '@remix-run/node';
import { apiBaseUrl, createApiClient, reachApi } from '../api/client.server';
import { requireApiData } from '../lib/api-result.server';
import { requireToken } from '../lib/session.server';

/** Where browsers reach the API: `$MIRAI_PUBLIC_API_URL`, else the address the app server uses. */
function publicApiUrl(): string {
  const configured = process.env.MIRAI_PUBLIC_API_URL;
  return configured !== undefined && configured !== '' ? configured.replace(/\/+$/, '') : apiBaseUrl();
}

/**
 * A websocket URL for this page's live events. The session token stays in the httpOnly cookie;
 * the page gets only a one-minute ticket that opens /v1/ws and nothing else.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const api = createApiClient(await requireToken(request), request);
  const { ticket } = await requireApiData(request, await reachApi(api.POST('/v1/ws/tickets')), 'a live-update ticket');
  const url = `${publicApiUrl().replace(/^http/, 'ws')}/v1/ws?ticket=${encodeURIComponent(ticket)}`;
  return Response.json({ url }, { headers: { 'Cache-Control': 'no-store' } });
}
