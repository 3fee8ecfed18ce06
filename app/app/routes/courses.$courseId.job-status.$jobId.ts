import type { LoaderFunctionArgs } from '@remix-run/node';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';

/**
 * A job's status for a page that follows it while its websocket is down (the export panel):
 * the browser never holds the session token, so it asks the app server.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const job = await requireApiData(await client.GET('/v1/jobs/{id}', { params: { path: { id: params.jobId ?? '' } } }), 'the job');
  if (job.courseId !== params.courseId) return Response.json({ error: 'Not a job of this course' }, { status: 404 });
  const { status, progress, progressMessage, error } = job;
  return Response.json({ status, progress, progressMessage, error }, { headers: { 'Cache-Control': 'no-store' } });
}
