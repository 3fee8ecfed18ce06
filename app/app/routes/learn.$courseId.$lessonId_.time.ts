import { type ActionFunctionArgs, data } from '@remix-run/node';
import { api } from '../lib/api.server';
import { textField } from '../lib/form-data';

/** Active time the lesson page measured (use-active-time), passed on to the API, which caps what it credits. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const seconds = Number.parseInt(textField(form, 'seconds'), 10);
  const path = { id: textField(form, 'enrolmentId'), lessonId: params.lessonId ?? '' };
  const result = await (await api(request)).POST('/v1/enrolments/{id}/lessons/{lessonId}/time', { params: { path }, body: { seconds } });
  if (result.data !== undefined) return result.data;
  return data({ error: 'not recorded' }, { status: result.response.status });
}
