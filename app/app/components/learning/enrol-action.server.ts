import { type ActionFunctionArgs, data, redirect } from '@remix-run/node';
import { createApiClient, reachApi } from '../../api/client.server';
import { apiUnreachable, signOutIfUnauthorized } from '../../lib/api-result.server';
import { textField } from '../../lib/form-data';
import { formErrorsFromProblem } from '../../lib/form-errors';
import { requireToken } from '../../lib/session.server';

/**
 * Enrols the signed-in member in the posted `courseId` and opens the course's first lesson to
 * take; on failure the page re-renders with `{ enrolError }`.
 */
export async function enrolAction({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const courseId = textField(form, 'courseId');
  const api = createApiClient(await requireToken(request), request);
  const result = await reachApi(api.POST('/v1/courses/{id}/enrolments', { params: { path: { id: courseId } } }));
  if (result === undefined) throw apiUnreachable();
  await signOutIfUnauthorized(request, result);
  if (result.data === undefined)
    return data({ enrolError: formErrorsFromProblem(result.error, 'Enrolment failed.').message }, { status: result.response.status });
  const next = result.data.nextLessonId;
  return redirect(next === null ? `/learn/${courseId}` : `/learn/${courseId}/${next}`);
}
