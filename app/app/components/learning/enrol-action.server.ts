import { type ActionFunctionArgs, data, redirect } from '@remix-run/node';
import { api } from '../../lib/api.server';
import { textField } from '../../lib/form-data';
import { formErrorsFromProblem } from '../../lib/form-errors';

/**
 * Enrols the signed-in member in the posted `courseId` and opens the course's first lesson to
 * take; on failure the page re-renders with `{ enrolError }`.
 */
export async function enrolAction({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const courseId = textField(form, 'courseId');
  const client = await api(request);
  const result = await client.POST('/v1/courses/{id}/enrolments', { params: { path: { id: courseId } } });
  if (result.data === undefined)
    return data({ enrolError: formErrorsFromProblem(result.error, 'Enrolment failed.').message }, { status: result.response.status });
  const next = result.data.nextLessonId;
  return redirect(next === null ? `/learn/${courseId}` : `/learn/${courseId}/${next}`);
}
