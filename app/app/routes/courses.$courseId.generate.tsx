import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';

import { AuthoringPage } from '../components/authoring/authoring-page';
import { initialGeneration } from '../components/generation/generation-state';
import { GenerationView } from '../components/generation/generation-view';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import authoring from '../styles/authoring.css?url';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Writing ${data?.title ?? 'the course'} · Mirai` }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoring }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const path = { params: { path: { id: params.courseId ?? '' } } };
  const [course, outline] = await Promise.all([client.GET('/v1/courses/{id}', path), client.GET('/v1/courses/{id}/outline', path)]);
  const { id, title } = await requireApiData(course, 'the course');
  const { modules } = await requireApiData(outline, 'the outline');
  const job = new URL(request.url).searchParams.get('job');
  return { courseId: id, title, outline: { modules }, followJobId: job !== null && /^[0-9a-f-]{36}$/i.test(job) ? job : null };
}

/** Cancel the running job, or start writing the lessons that have no content yet. */
export async function action({ request, params }: ActionFunctionArgs) {
  const client = await api(request);
  const form = await request.formData();
  const intent = textField(form, 'intent');
  const result =
    intent === 'cancel'
      ? await client.POST('/v1/jobs/{id}/cancel', { params: { path: { id: textField(form, 'jobId') } } })
      : await client.POST('/v1/courses/{id}/generate-lessons', { params: { path: { id: params.courseId ?? '' } } });
  if (result.data !== undefined) return { ok: true };
  return {
    ok: false,
    error: formErrorsFromProblem(result.error, intent === 'cancel' ? 'The job could not be cancelled.' : 'Writing could not be started.').message,
  };
}

export default function GenerateCourse() {
  const { courseId, title, outline, followJobId } = useLoaderData<typeof loader>();
  // A new object only when the loader read the outline again: the view folds each read in once.
  const initial = useMemo(() => initialGeneration(outline), [outline]);
  return (
    <AuthoringPage title={title}>
      <GenerationView key={courseId} courseId={courseId} initial={initial} followJobId={followJobId} />
    </AuthoringPage>
  );
}
