import type { LoaderFunctionArgs } from '@remix-run/node';
import { publicApiUrl } from '../api/client.server';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';

/** A websocket URL (one-minute ticket) on which the API pushes the signed-in person's unread count. */
export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const { ticket } = await requireApiData(await client.POST('/v1/ws/tickets'), 'a live-update ticket');
  const url = `${publicApiUrl().replace(/^http/, 'ws')}/v1/ws?ticket=${encodeURIComponent(ticket)}`;
  return Response.json({ url }, { headers: { 'Cache-Control': 'no-store' } });
}
