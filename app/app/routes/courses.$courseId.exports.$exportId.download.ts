import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';

/**
 * Downloads a finished export: a fresh short-lived presigned URL from the API on every click, so a
 * link on the page never goes stale. A 409 (not finished) or 404 (gone) shows the error page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const presigned = await requireApiData(
    await client.GET('/v1/exports/{id}/download', { params: { path: { id: params.exportId ?? '' } } }),
    'the export file',
  );
  return redirect(presigned.url, { headers: { 'Cache-Control': 'no-store' } });
}
