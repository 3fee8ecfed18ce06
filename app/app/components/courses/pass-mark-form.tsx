import { useFetcher } from '@remix-run/react';
import type { PassMarkActionData } from './pass-mark-action.server';

/** The course's pass mark: the percent of a quiz's questions learners must get right. Saved without leaving the editor. */
export function PassMarkForm({ courseId, passMark }: { courseId: string; passMark: number }) {
  const fetcher = useFetcher<PassMarkActionData>();
  const data = fetcher.data;
  const error = data !== undefined && 'error' in data ? data.error : undefined;
  return (
    <fetcher.Form method="post" action={`/courses/${courseId}/edit`} className="inline-form pass-mark-form">
      <label htmlFor="course-pass-mark">Quiz pass mark (%)</label>
      <input
        id="course-pass-mark"
        name="passMark"
        type="number"
        inputMode="numeric"
        min={1}
        max={100}
        step={1}
        required
        defaultValue={passMark}
        aria-invalid={error !== undefined}
        aria-describedby="course-pass-mark-status"
      />
      <button type="submit" className="button button--secondary" disabled={fetcher.state !== 'idle'}>
        Save pass mark
      </button>
      <span id="course-pass-mark-status" role="status" className={error === undefined ? 'meta' : 'field__error'}>
        {fetcher.state !== 'idle'
          ? 'Saving…'
          : (error ?? (data !== undefined && 'saved' in data ? `Saved: learners pass a quiz with ${data.saved} %.` : ''))}
      </span>
    </fetcher.Form>
  );
}
