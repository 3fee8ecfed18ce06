import { Form, Link, useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import type { CourseSummary } from '../../api/types';
import { CourseCard } from './course-card';
import { type CoursePage, type CourseView, listSearch } from './course-list-params';

const VIEWS: Array<{ view: CourseView; label: string }> = [
  { view: 'courses', label: 'Courses' },
  { view: 'templates', label: 'Templates' },
  { view: 'archived', label: 'Archived' },
];

const EMPTY: Record<CourseView, string> = {
  courses: 'No courses yet',
  templates: 'No templates yet. Save a course as a template to start new ones from it.',
  archived: 'No archived courses.',
};

interface CourseListProps {
  view: CourseView;
  q: string;
  /** The tag the list is filtered by ('' for none). */
  tag: string;
  page: CoursePage;
  /** A failed action, shown on the card it was about. */
  failure: { courseId: string; message: string } | undefined;
}

/** The searchable, paged list of courses, templates or archived courses; "More courses" appends the next page. */
export function CourseList({ view, q, tag, page, failure }: CourseListProps) {
  const more = useFetcher<CoursePage | { message: string }>();
  const [extra, setExtra] = useState<{ items: CourseSummary[]; changesWaiting: string[]; nextCursor: string | null } | null>(null);
  const firstNew = useRef<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  // A new search, view or reload starts the list afresh.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the page object is new on every load
  useEffect(() => setExtra(null), [page]);
  useEffect(() => {
    const data = more.data;
    if (more.state !== 'idle' || data === undefined || !('items' in data)) return;
    firstNew.current = data.items[0]?.id ?? null;
    setExtra((current) => ({
      items: [...(current?.items ?? []), ...data.items],
      changesWaiting: [...(current?.changesWaiting ?? []), ...data.changesWaiting],
      nextCursor: data.nextCursor,
    }));
  }, [more.state, more.data]);
  // Keyboard and screen-reader users continue at the first course just loaded.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once the appended page is rendered
  useEffect(() => {
    if (firstNew.current === null) return;
    listRef.current?.querySelector<HTMLElement>(`[data-course-id="${firstNew.current}"] h3`)?.focus();
    firstNew.current = null;
  }, [extra]);

  const items = [...page.items, ...(extra?.items ?? [])];
  const changesWaiting = [...page.changesWaiting, ...(extra?.changesWaiting ?? [])];
  const nextCursor = extra === null ? page.nextCursor : extra.nextCursor;
  const search = listSearch({ view, q, tag });
  const moreFailed = more.state === 'idle' && more.data !== undefined && 'message' in more.data ? more.data.message : undefined;

  return (
    <>
      <nav aria-label="Course lists" className="course-views">
        {VIEWS.map((entry) => (
          <Link
            key={entry.view}
            to={listSearch({ view: entry.view, q: '' }) || '?'}
            aria-current={entry.view === view ? 'page' : undefined}
            className="course-views__link"
          >
            {entry.label}
          </Link>
        ))}
      </nav>
      <Form method="get" role="search" className="course-search">
        {view === 'courses' ? null : <input type="hidden" name="view" value={view} />}
        {tag === '' ? null : <input type="hidden" name="tag" value={tag} />}
        <label htmlFor="course-search">Search {view === 'templates' ? 'templates' : 'courses'}</label>
        <input id="course-search" type="search" name="q" defaultValue={q} maxLength={200} />
        <button type="submit" className="button button--secondary">
          Search
        </button>
      </Form>
      {tag === '' ? null : (
        <p className="meta" data-testid="tag-filter">
          Tagged <span className="tag">{tag}</span> <Link to={listSearch({ view, q }) || '?'}>Show all tags</Link>
        </p>
      )}
      {items.length === 0 ? (
        <p className="empty" data-testid="courses-empty">
          {q === '' && tag === '' ? EMPTY[view] : `Nothing matches${q === '' ? '' : ` “${q}”`}${tag === '' ? '' : ` tagged “${tag}”`}.`}
        </p>
      ) : (
        <ul className="course-cards" ref={listRef} data-testid="course-list">
          {items.map((course) => (
            <CourseCard
              key={course.id}
              course={course}
              view={view}
              changesWaiting={changesWaiting.includes(course.id)}
              search={search}
              message={failure?.courseId === course.id ? failure.message : undefined}
            />
          ))}
        </ul>
      )}
      {moreFailed === undefined ? null : (
        <p className="field__error" role="alert">
          {moreFailed}
        </p>
      )}
      {nextCursor === null ? null : (
        <p className="button-row">
          <Link
            to={listSearch({ view, q, tag, cursor: nextCursor })}
            className="button button--secondary"
            data-testid="more-courses"
            onClick={(event) => {
              // With scripts, the next page is added below; without, the link shows it on its own.
              event.preventDefault();
              more.load(`/dashboard/courses${listSearch({ view, q, tag, cursor: nextCursor })}`);
            }}
          >
            {more.state === 'loading' ? 'Loading…' : 'More courses'}
          </Link>
        </p>
      )}
    </>
  );
}
