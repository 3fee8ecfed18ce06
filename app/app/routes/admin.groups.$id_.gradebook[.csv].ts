import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { api } from '../lib/api.server';

/** The group's gradebook as CSV, passed through from the API (owners and admins). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? '';
  const result = await (await api(request)).GET('/v1/groups/{id}/gradebook.csv', { params: { path: { id } }, parseAs: 'text' });
  if (result.data === undefined) throw data('This gradebook cannot be downloaded.', { status: result.response.status });
  return new Response(result.data, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="gradebook-${id}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
