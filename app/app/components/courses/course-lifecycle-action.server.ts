import { redirect } from '@remix-run/node';
import type { ApiClient } from '../../api/client.server';
import { formErrorsFromProblem } from '../../lib/form-errors';

export interface LifecycleResult {
  ok: false;
  courseId: string;
  message: string;
}

export const LIFECYCLE_INTENTS = ['duplicate', 'save-template', 'start-from-template', 'archive', 'unarchive', 'unpublish', 'delete'] as const;
export type LifecycleIntent = (typeof LIFECYCLE_INTENTS)[number];

const isIntent = (value: unknown): value is LifecycleIntent => LIFECYCLE_INTENTS.some((intent) => intent === value);

const FAILED: Record<LifecycleIntent, string> = {
  duplicate: 'The course could not be duplicated.',
  'save-template': 'The course could not be saved as a template.',
  'start-from-template': 'No course could be started from the template.',
  archive: 'The course could not be archived.',
  unarchive: 'The course could not be restored from the archive.',
  unpublish: 'The course could not be unpublished.',
  delete: 'The course could not be deleted.',
};

/**
 * One lifecycle action on a course from the dashboard or the course page. Copies open in the
 * editor (or the templates list); the others return to the list they were started from.
 */
export async function courseLifecycleAction(client: ApiClient, form: FormData, back: string): Promise<LifecycleResult | Response> {
  const intent = form.get('intent');
  const courseId = String(form.get('courseId') ?? '');
  if (!isIntent(intent)) return { ok: false, courseId, message: 'Unknown action.' };
  const path = { params: { path: { id: courseId } } };
  const answer = await (async () => {
    switch (intent) {
      case 'duplicate':
      case 'start-from-template':
        return client.POST('/v1/courses/{id}/duplicate', { ...path, body: { kind: 'course' } });
      case 'save-template':
        return client.POST('/v1/courses/{id}/duplicate', { ...path, body: { kind: 'template' } });
      case 'archive':
        return client.POST('/v1/courses/{id}/archive', path);
      case 'unarchive':
        return client.POST('/v1/courses/{id}/unarchive', path);
      case 'unpublish':
        return client.POST('/v1/courses/{id}/unpublish', path);
      case 'delete':
        return client.DELETE('/v1/courses/{id}', path);
    }
  })();
  if (answer?.error !== undefined || answer === undefined)
    return { ok: false, courseId, message: formErrorsFromProblem(answer?.error, FAILED[intent]).message };
  if (intent === 'save-template') return redirect('/dashboard?view=templates');
  if ((intent === 'duplicate' || intent === 'start-from-template') && answer.data !== undefined && 'id' in answer.data)
    return redirect(`/courses/${answer.data.id}/edit`);
  return redirect(back);
}
