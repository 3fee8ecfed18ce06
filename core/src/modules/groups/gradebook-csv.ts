import { csvDocument } from './csv-writer.ts';
import type { GradebookRow } from './gradebook.ts';

const HEADER = [
  'email',
  'course',
  'groups',
  'status',
  'overdue',
  'due_at',
  'completed_lessons',
  'total_lessons',
  'completed_at',
  'last_activity_at',
  'time_spent_seconds',
  'quiz_attempts',
  'quiz_scores',
] as const;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The gradebook as CSV, one row per learner and course. `quiz_scores` lists every attempt in order
 * as `<lesson> / <quiz block> #<n>: <correct>/<total>`, separated by ` | `.
 */
export function gradebookCsv(rows: readonly GradebookRow[]): string {
  return csvDocument(
    HEADER,
    rows.map((row) => [
      row.email,
      row.courseTitle,
      row.groups.map((g) => g.name).join(' | '),
      row.status,
      row.overdue ? 'yes' : 'no',
      iso(row.dueAt),
      row.completedLessons,
      row.totalLessons,
      iso(row.completedAt),
      iso(row.lastActivityAt),
      row.timeSpentSeconds,
      row.attempts.length,
      row.attempts.map((a) => `${a.lessonTitle} / ${a.blockId} #${a.attempt}: ${a.correct}/${a.total}`).join(' | '),
    ]),
  );
}
