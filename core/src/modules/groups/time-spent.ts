import type { EntityManager } from '@mikro-orm/postgresql';
import type { EnrolmentRecord } from '../learning/enrolments.service.ts';
import { scormDurationSeconds, scormRecords } from '../scorm/scorm-records.ts';

/**
 * Seconds each enrolment spent learning: per lesson, the active time the learner view reported or,
 * for a SCORM lesson, the SCO's own total time when it is larger. Both measure the same sitting
 * (the SCO runs inside the learner view), so they are never added.
 */
export async function timeSpentByEnrolment(em: EntityManager, records: readonly EnrolmentRecord[]): Promise<Map<string, number>> {
  const scorm = await scormRecords.attempts(
    em,
    records.map((r) => r.enrolment.id),
  );
  const perLesson = new Map<string, number>();
  const add = (enrolmentId: string, lessonId: string, seconds: number) => {
    const key = `${enrolmentId}/${lessonId}`;
    perLesson.set(key, Math.max(perLesson.get(key) ?? 0, seconds));
  };
  for (const record of records) for (const p of record.progress) add(p.enrolmentId, p.lessonId, p.timeSpentSeconds);
  for (const attempt of scorm) add(attempt.enrolmentId, attempt.lessonId, scormDurationSeconds(attempt.totalTime));
  const totals = new Map<string, number>();
  for (const [key, seconds] of perLesson) {
    const [enrolmentId = ''] = key.split('/');
    totals.set(enrolmentId, (totals.get(enrolmentId) ?? 0) + seconds);
  }
  return totals;
}
