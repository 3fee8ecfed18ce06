import type { LoaderFunctionArgs } from '@remix-run/node';
import { api } from '../lib/api.server';
import { csvDownload } from '../lib/csv-download.server';

/** The group's gradebook as CSV, passed through from the API (owners and admins). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? '';
  const result = await (await api(request)).GET('/v1/groups/{id}/gradebook.csv', { params: { path: { id } }, parseAs: 'text' });
  return csvDownload(result, `gradebook-${id}.csv`, 'This gradebook cannot be downloaded.');
}
