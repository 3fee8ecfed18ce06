import type { ActionFunctionArgs } from '@remix-run/node';
import { api } from '../../lib/api.server';
import { textField } from '../../lib/form-data';
import { formErrorsFromProblem } from '../../lib/form-errors';

export type PassMarkActionData = { saved: number } | { error: string };

/** Saves a course's pass mark (PATCH /v1/courses/{id}); the API judges the number and names the field if it is wrong. */
export async function passMarkAction({ request, params }: ActionFunctionArgs): Promise<PassMarkActionData> {
  const form = await request.formData();
  const raw = textField(form, 'passMark').trim();
  const passMark = Number(raw);
  if (raw === '' || !Number.isInteger(passMark) || passMark < 1 || passMark > 100) return { error: 'Enter a whole percent from 1 to 100.' };
  const client = await api(request);
  const result = await client.PATCH('/v1/courses/{id}', { params: { path: { id: params.courseId ?? '' } }, body: { passMark } });
  if (result.data === undefined) return { error: formErrorsFromProblem(result.error, 'The pass mark could not be saved.').message };
  return { saved: result.data.passMark };
}
