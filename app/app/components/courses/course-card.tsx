import { Form, Link } from '@remix-run/react';
import type { CourseSummary } from '../../api/types';
import { CourseStatusTag } from '../course-status-tag';
import { type CourseView, listSearch } from './course-list-params';

/** The one thing to do next with a course, and the other useful ones. */
function pagesFor(course: CourseSummary): Array<{ to: string; label: string; primary: boolean }> {
  const base = `/courses/${course.id}`;
  if (course.kind === 'template') return [{ to: `${base}/edit`, label: 'Edit template', primary: false }];
  switch (course.status) {
    case 'draft':
      return [{ to: `${base}/setup`, label: 'Resume set-up', primary: true }];
    case 'generating':
      return [{ to: `${base}/generate`, label: 'Watch generation', primary: true }];
    default:
      return [
        { to: `${base}/edit`, label: 'Edit', primary: true },
        { to: `${base}/preview`, label: course.status === 'ready' ? 'Preview and publish' : 'Preview', primary: false },
        { to: `${base}/learners`, label: 'Learners', primary: false },
      ];
  }
}

/** A button that posts one lifecycle intent for the course (the ones that need no confirmation). */
function IntentButton({ course, intent, label, primary = false }: { course: CourseSummary; intent: string; label: string; primary?: boolean }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="courseId" value={course.id} />
      <button type="submit" className={primary ? 'button' : 'button button--secondary'} aria-label={`${label}: ${course.title}`}>
        {label}
      </button>
    </Form>
  );
}

/** A link to the confirmation of a destructive intent (the dashboard shows it and moves focus there). */
function ConfirmLink({ course, intent, label, search }: { course: CourseSummary; intent: string; label: string; search: string }) {
  const params = new URLSearchParams(search);
  params.set('confirm', intent);
  params.set('course', course.id);
  return (
    <Link to={`?${params.toString()}`} className="button button--secondary" preventScrollReset aria-label={`${label}: ${course.title}`}>
      {label}
    </Link>
  );
}

interface CourseCardProps {
  course: CourseSummary;
  view: CourseView;
  changesWaiting: boolean;
  /** The list's address, kept when a confirmation opens. */
  search: string;
  message: string | undefined;
}

export function CourseCard({ course, view, changesWaiting, search, message }: CourseCardProps) {
  return (
    <li className="course-card" data-testid="course-card" data-status={course.status} data-course-id={course.id}>
      <h3 tabIndex={-1}>{course.title}</h3>
      {course.desiredOutcome === '' ? null : <p className="course-card__outcome">{course.desiredOutcome}</p>}
      <p className="meta">
        {view === 'courses' ? <CourseStatusTag status={course.status} changesWaiting={changesWaiting} /> : null}
        {view === 'archived' ? <span className="tag">Archived</span> : null}
        {view === 'templates' ? <span className="tag">Template</span> : null} <span lang={course.language}>{course.language}</span> · updated{' '}
        <time dateTime={course.updatedAt}>{course.updatedAt.slice(0, 10)}</time>
      </p>
      {course.tags.length === 0 ? null : (
        <ul className="course-card__tags" aria-label={`Tags of ${course.title}`}>
          {course.tags.map((tag) => (
            <li key={tag}>
              <Link to={listSearch({ view, q: '', tag })} className="tag" aria-label={`Courses tagged ${tag}`}>
                {tag}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {message === undefined ? null : (
        <p className="field__error" role="alert" data-testid="course-action-error">
          {message}
        </p>
      )}
      <div className="button-row">
        {view === 'templates' ? (
          <IntentButton course={course} intent="start-from-template" label="Start a course from this template" primary />
        ) : null}
        {view === 'archived'
          ? null
          : pagesFor(course).map((page) => (
              <Link
                key={page.to}
                to={page.to}
                className={page.primary ? 'button' : 'button button--secondary'}
                aria-label={`${page.label}: ${course.title}`}
              >
                {page.label}
              </Link>
            ))}
      </div>
      <fieldset className="plain-fieldset button-row course-card__lifecycle">
        <legend className="visually-hidden">{`Manage ${course.title}`}</legend>
        {view === 'courses' ? (
          <>
            <IntentButton course={course} intent="duplicate" label="Duplicate" />
            <IntentButton course={course} intent="save-template" label="Save as template" />
            {course.status === 'published' ? <ConfirmLink course={course} intent="unpublish" label="Unpublish" search={search} /> : null}
            <ConfirmLink course={course} intent="archive" label="Archive" search={search} />
          </>
        ) : null}
        {view === 'archived' ? <IntentButton course={course} intent="unarchive" label="Restore from archive" /> : null}
        <ConfirmLink course={course} intent="delete" label="Delete" search={search} />
      </fieldset>
    </li>
  );
}
