import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../db/orm.ts';
import type { PeriodicTask } from '../../jobs/job-scheduler.ts';
import type { NotificationDraft, Notifier } from './notifier.ts';

/** The scheduler's name for the reminder run (and its `scheduled_run` rows). */
export const REMINDERS_TASK = 'notifications.reminders';

interface DueRow {
  tenant_id: string;
  user_id: string;
  course_id: string;
  course_title: string;
  due_at: Date | string;
  overdue: boolean;
}

const day = (value: Date | string) => new Date(value).toISOString().slice(0, 10);

/**
 * Learners with an assigned, unfinished, not withdrawn course whose due date (the earliest of
 * their groups') is within `dueSoonDays` or past. Invited addresses without an account are left
 * out: there is nobody to tell yet.
 */
export async function dueObligations(em: EntityManager, dueSoonDays: number): Promise<DueRow[]> {
  return em.execute<DueRow[]>(
    `select o.tenant_id, o.user_id, o.course_id, c.title as course_title, o.due_at, o.due_at < now() as overdue
       from (select a.tenant_id, m.user_id, a.course_id, min(coalesce(a.due_at, g.due_at)) as due_at
               from course_assignment a
               join learner_group g on g.id = a.group_id
               join group_member m on m.group_id = a.group_id and m.user_id is not null
              group by a.tenant_id, m.user_id, a.course_id) o
       join course c on c.id = o.course_id
      where o.due_at is not null and o.due_at < now() + ? * interval '1 day'
        and not exists (select 1 from course_withdrawal w where w.course_id = o.course_id and w.user_id = o.user_id)
        and not exists (select 1 from enrolment n where n.course_id = o.course_id and n.user_id = o.user_id and n.completed_at is not null)`,
    [dueSoonDays],
  );
}

/** One reminder per learner, course, kind and due date: a moved due date reminds again, a re-run does not. */
export function reminderDraft(row: DueRow): NotificationDraft {
  const due = day(row.due_at);
  const kind = row.overdue ? 'course.overdue' : 'course.due-soon';
  return {
    tenantId: row.tenant_id,
    userId: row.user_id,
    kind,
    sourceKey: `${kind}:${row.course_id}:${due}`,
    title: row.overdue ? `"${row.course_title}" is overdue` : `"${row.course_title}" is due ${due}`,
    body: row.overdue
      ? `"${row.course_title}" was due ${due} and is not complete yet.`
      : `"${row.course_title}" is due ${due}. Finish it before then.`,
    link: `/learn/${row.course_id}`,
    payload: { courseId: row.course_id, courseTitle: row.course_title, dueAt: new Date(row.due_at).toISOString() },
  };
}

/**
 * Runs on the queue's scheduler: once per period across every replica (the `scheduled_run`
 * claim), and each reminder once ever per learner (the notifier's claim), so two schedulers, a
 * duplicated slot or a re-run after a crash never send a second mail.
 */
export function remindersTask(deps: { orm: Orm; notifier: Notifier; everyMs: number; dueSoonDays: number }): PeriodicTask {
  return {
    name: REMINDERS_TASK,
    everyMs: deps.everyMs,
    async run() {
      let sent = 0;
      for (const row of await dueObligations(deps.orm.em.fork(), deps.dueSoonDays))
        if ((await deps.notifier.notify(reminderDraft(row))) !== null) sent += 1;
      return { reminded: sent };
    },
  };
}
