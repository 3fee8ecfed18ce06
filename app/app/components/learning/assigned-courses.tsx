import { Link } from '@remix-run/react';
import type { paths } from '../../api/schema';
import { ProgressMeter } from '../lesson-blocks';

export type Assignment = paths['/v1/me/assignments']['get']['responses'][200]['content']['application/json']['items'][number];

const day = (instant: string) => instant.slice(0, 10);
const verbOf = (a: Assignment) => (a.status === 'not-started' ? 'Start' : a.status === 'completed' ? 'Review' : 'Continue');

/** What the learner's groups assign them, soonest due first, overdue ones marked. */
export function AssignedCourses({ assignments }: { assignments: Assignment[] }) {
  const overdue = assignments.filter((a) => a.overdue);
  return (
    <>
      <p data-testid="assignments-summary">
        {overdue.length === 0 ? 'Nothing is overdue.' : `${overdue.length} overdue.`}{' '}
        {assignments.filter((a) => a.status !== 'completed' && !a.overdue && a.dueAt !== null).length} due later.
      </p>
      <ul className="cards" data-testid="my-assignments">
        {assignments.map((a) => (
          <li key={a.courseId} className="card catalogue-card" data-course-id={a.courseId} data-overdue={a.overdue}>
            <h3>{a.courseTitle}</h3>
            {a.overdue ? (
              <span className="learn-badge">Overdue since {day(a.dueAt ?? '')}</span>
            ) : a.status === 'completed' ? (
              <span className="learn-badge learn-badge--done">Completed</span>
            ) : a.dueAt === null ? null : (
              <span className="learn-badge learn-badge--muted">Due {day(a.dueAt)}</span>
            )}
            <p className="meta">
              {a.groups.map((g) => g.name).join(', ')}
              {a.startsAt === null ? '' : ` · starts ${day(a.startsAt)}`}
            </p>
            <ProgressMeter completed={a.completedLessons} total={a.totalLessons} />
            {a.courseAvailable ? (
              <div className="actions">
                <Link className="button" to={`/learn/${a.courseId}`} aria-label={`${verbOf(a)} ${a.courseTitle}`}>
                  {verbOf(a)}
                </Link>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
