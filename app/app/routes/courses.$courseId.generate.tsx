import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { createApiClient, reachApi } from '../api/client.server';
import { AuthoringPage } from '../components/authoring/authoring-page';
import { initialGeneration } from '../components/generation/generation-state';
import { GenerationView } from '../components/generation/generation-view';
import { requireApiData, signOutIfUnauthorized } from '../lib/api-result.server';
import { API_UNREACHABLE } from '../lib/auth-form.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { requireToken } from '../lib/session.server';
import authoring from '../styles/authoring.css?url';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Writing ${data?.title ?? 'the course'} · Mirai` }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoring }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const api = createApiClient(await requireToken(request), request);
  const path = { params: { path: { id: params.courseId ?? '' } } };
  const [course, outline] = await Promise.all([reachApi(api.GET('/v1/courses/{id}', path)), reachApi(api.GET('/v1/courses/{id}/outline', path))]);
  const { id, title } = await requireApiData(request, course, 'the course');
  const { modules } = await requireApiData(request, outline, 'the outline');
  const job = new URL(request.url).searchParams.get('job');
  return { courseId: id, title, outline: { modules }, followJobId: job !== null && /^[0-9a-f-]{36}$/i.test(job) ? job : null };
}

/** Cancel the running job, or start writing the lessons that have no content yet. */
export async function action({ request, params }: ActionFunctionArgs) {
  const api = createApiClient(await requireToken(request), request);
  const form = await request.formData();
  const intent = textField(form, 'intent');
  const result =
    intent === 'cancel'
      ? await reachApi(api.POST('/v1/jobs/{id}/cancel', { params: { path: { id: textField(form, 'jobId') } } }))
      : await reachApi(api.POST('/v1/courses/{id}/generate-lessons', { params: { path: { id: params.courseId ?? '' } } }));
  if (result === undefined) return { ok: false, error: API_UNREACHABLE };
  await signOutIfUnauthorized(request, result);
  if (result.data !== undefined) return { ok: true };
  return {
    ok: false,
    error: formErrorsFromProblem(result.error, intent === 'cancel' ? 'The job could not be cancelled.' : 'Writing could not be started.').message,
  };
}

export default function GenerateCourse() {
  const { courseId, title, outline, followJobId } = useLoaderData<typeof loader>();
  return (
    <AuthoringPage title={title}>
      <GenerationView key={courseId} courseId={courseId} initial={initialGeneration(outline)} followJobId={followJobId} />
    </AuthoringPage>
  );
}
