import type { LoaderFunctionArgs } from '@remix-run/node';
import { listParams } from '../components/courses/course-list-params';
import { loadCoursePage } from '../components/courses/course-page.server';
import { api } from '../lib/api.server';

/** A further page of the dashboard's course list, for its "More courses" button. */
export async function loader({ request }: LoaderFunctionArgs) {
  return loadCoursePage(await api(request), listParams(new URL(request.url)));
}
