import { useFetcher } from '@remix-run/react';
import type { CourseTagsActionData } from './course-tags-action.server';

/** The course's tags, comma-separated: the dashboard filters the list by them. Saved without leaving the editor. */
export function CourseTagsForm({ courseId, tags }: { courseId: string; tags: string[] }) {
  const fetcher = useFetcher<CourseTagsActionData>();
  const data = fetcher.data;
  const error = data !== undefined && 'error' in data ? data.error : undefined;
  const saved = data !== undefined && 'saved' in data ? data.saved : undefined;
  return (
    <fetcher.Form method="post" action={`/courses/${courseId}/edit`} className="inline-form course-tags-form">
      <input type="hidden" name="intent" value="tags" />
      <label htmlFor="course-tags">Tags (comma-separated)</label>
      <input
        id="course-tags"
        name="tags"
        type="text"
        defaultValue={tags.join(', ')}
        maxLength={600}
        aria-invalid={error !== undefined}
        aria-describedby="course-tags-status"
      />
      <button type="submit" className="button button--secondary" disabled={fetcher.state !== 'idle'}>
        Save tags
      </button>
      <span id="course-tags-status" role="status" className={error === undefined ? 'meta' : 'field__error'}>
        {fetcher.state !== 'idle'
          ? 'Saving…'
          : (error ?? (saved === undefined ? '' : saved.length === 0 ? 'Saved: no tags.' : `Saved: ${saved.join(', ')}.`))}
      </span>
    </fetcher.Form>
  );
}
