import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';

/** Opens the first lesson that has content (else the first lesson). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const courseId = params.courseId ?? '';
  const { modules } = await requireApiData(await client.GET('/v1/courses/{id}/outline', { params: { path: { id: courseId } } }), 'the outline');
  const lessons = modules.flatMap((m) => m.lessons);
  const first = lessons.find((l) => l.currentVersion > 0) ?? lessons[0];
  if (first !== undefined) throw redirect(`/courses/${courseId}/edit/${first.id}`);
  return null;
}

export default function NoLessons() {
  return (
    <section className="panel">
      <h2>No lessons yet</h2>
      <p className="empty">This course has no outline. Finish the set-up to draft one.</p>
    </section>
  );
}
