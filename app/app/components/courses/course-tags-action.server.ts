import { api } from '../../lib/api.server';
import { textField } from '../../lib/form-data';
import { formErrorsFromProblem } from '../../lib/form-errors';

export type CourseTagsActionData = { saved: string[] } | { error: string };

/** Saves a course's tags (PATCH /v1/courses/{id}); the API normalises them and names the field if one is wrong. */
export async function courseTagsAction(request: Request, courseId: string, form: FormData): Promise<CourseTagsActionData> {
  const tags = [
    ...new Set(
      textField(form, 'tags')
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
    ),
  ];
  const client = await api(request);
  const result = await client.PATCH('/v1/courses/{id}', { params: { path: { id: courseId } }, body: { tags } });
  if (result.data === undefined) return { error: formErrorsFromProblem(result.error, 'The tags could not be saved.').message };
  return { saved: result.data.tags };
}
