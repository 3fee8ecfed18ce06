import type { ReactNode } from 'react';
import type { paths } from '../../api/schema';
import { AdminTable } from '../admin/admin-table';
import { dayOf } from './group-dates';
import { formatTimeSpent } from './time-spent';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type GradebookRow = Json<paths['/v1/courses/{id}/gradebook']['get']['responses'][200]>['items'][number];

const STATUS: Record<GradebookRow['status'], string> = {
  invited: 'Invited',
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
};

/** One row per learner and course: status, due date, lessons, quiz attempts, time spent; `actions` fills the last cell. */
export function GradebookTable({
  rows,
  caption,
  showCourse,
  actions,
}: {
  rows: GradebookRow[];
  caption: string;
  showCourse: boolean;
  actions?: (row: GradebookRow) => ReactNode;
}) {
  const columns = ['Learner', ...(showCourse ? ['Course'] : []), 'Status', 'Due', 'Lessons', 'Quiz attempts', 'Time spent', 'Last activity'];
  return (
    <AdminTable testId="gradebook" caption={caption} columns={columns}>
      {rows.map((row) => (
        <tr key={`${row.email}/${row.courseId}`} data-learner={row.email}>
          <td data-label="Learner">{row.email}</td>
          {showCourse ? <td data-label="Course">{row.courseTitle}</td> : null}
          <td data-label="Status">
            {STATUS[row.status]}
            {row.overdue ? <strong> · overdue</strong> : null}
          </td>
          <td data-label="Due">{dayOf(row.dueAt) || '—'}</td>
          <td data-label="Lessons">
            {row.completedLessons}/{row.totalLessons}
          </td>
          <td data-label="Quiz attempts">{row.attempts.map((a) => `${a.correct}/${a.total}`).join(', ') || '—'}</td>
          <td data-label="Time spent" data-seconds={row.timeSpentSeconds}>
            {formatTimeSpent(row.timeSpentSeconds)}
          </td>
          <td data-label="Last activity">{dayOf(row.lastActivityAt) || '—'}</td>
          <td>{actions?.(row)}</td>
        </tr>
      ))}
    </AdminTable>
  );
}
