import type { LoaderFunctionArgs } from '@remix-run/node';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';

/** An extraction job's progress for the library page (the browser never holds the session token, so it asks the app server). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const job = await requireApiData(await client.GET('/v1/jobs/{id}', { params: { path: { id: params.jobId ?? '' } } }), 'the job');
  const { status, progress, progressMessage, error } = job;
  return Response.json({ status, progress, progressMessage, error }, { headers: { 'Cache-Control': 'no-store' } });
}
