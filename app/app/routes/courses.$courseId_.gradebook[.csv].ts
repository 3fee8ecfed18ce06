import type { LoaderFunctionArgs } from '@remix-run/node';
import { api } from '../lib/api.server';
import { csvDownload } from '../lib/csv-download.server';

/** The course's gradebook as CSV (optionally one group's learners), passed through from the API (owners and admins). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.courseId ?? '';
  const groupId = new URL(request.url).searchParams.get('group') || undefined;
  const result = await (await api(request)).GET('/v1/courses/{id}/gradebook.csv', {
    params: { path: { id }, query: { groupId } },
    parseAs: 'text',
  });
  return csvDownload(result, `gradebook-${id}.csv`, 'This gradebook cannot be downloaded.');
}
