import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationDraft } from './notifier.ts';

/**
 * Where notifications come from, read from what the other modules already record, so no emitter
 * needs to know about notifications: job outcomes from the persisted job event streams, assignments
 * from groups, completions from enrolments. Each query returns only sources not yet handled for
 * the person (`notification_source`), within a look-back window that bounds the scan; the claim in
 * `Notifier.notify` is what makes handling exactly-once.
 */
const LOOK_BACK = `interval '2 days'`;
const unhandled = (tenant: string, user: string, key: string) =>
  `not exists (select 1 from notification_source s where s.tenant_id = ${tenant} and s.user_id = ${user} and s.source_key = ${key})`;

const GENERATION_KINDS = `('generate-outline', 'generate-lessons', 'generate-lesson')`;

interface JobOutcomeRow {
  tenant_id: string;
  user_id: string;
  source_key: string;
  type: 'job.completed' | 'job.failed' | 'export.completed';
  job_kind: string;
  error: string | null;
  course_id: string;
  course_title: string;
  format: string | null;
}

/** A generation run (the root job) ended, told to the course's owner; an export finished, told to whoever asked for it. */
async function jobOutcomes(em: EntityManager, limit: number): Promise<NotificationDraft[]> {
  const key = `'job-event:' || e.job_id || ':' || e.seq`;
  const rows = await em.execute<JobOutcomeRow[]>(
    `select e.tenant_id, coalesce(x.created_by, c.owner_id) as user_id, ${key} as source_key, e.type, e.data->>'kind' as job_kind,
            e.data->>'error' as error, c.id as course_id, c.title as course_title, e.data->>'format' as format
       from job_event e
       join course c on c.id = e.course_id
       left join course_export x on e.type = 'export.completed' and x.id = (e.data->>'exportId')::uuid
      where e.type in ('job.completed', 'job.failed', 'export.completed') and e.created_at > now() - ${LOOK_BACK}
        and (e.type = 'export.completed' and x.created_by is not null
             or e.type <> 'export.completed' and e.data->>'parentId' is null and e.data->>'kind' in ${GENERATION_KINDS})
        and ${unhandled('e.tenant_id', 'coalesce(x.created_by, c.owner_id)', key)}
      order by e.created_at limit ?`,
    [limit],
  );
  return rows.map((row): NotificationDraft => {
    const what = row.job_kind === 'generate-outline' ? 'outline' : 'lessons';
    // What the mail needs to be written in the recipient's language (notification-mail.ts).
    const payload = { courseId: row.course_id, courseTitle: row.course_title, what, format: row.format, error: row.error };
    const base = { tenantId: row.tenant_id, userId: row.user_id, sourceKey: row.source_key, payload };
    if (row.type === 'export.completed')
      return {
        ...base,
        kind: 'export.ready',
        title: `Export of "${row.course_title}" is ready`,
        body: `The ${row.format === null ? '' : `${row.format} `}export of "${row.course_title}" is ready to download.`,
        link: `/courses/${row.course_id}/export`,
      };
    if (row.type === 'job.failed')
      return {
        ...base,
        kind: 'generation.failed',
        title: `Writing the ${what} of "${row.course_title}" failed`,
        body: `Writing the ${what} of "${row.course_title}" failed: ${row.error ?? 'no reason given'}. You can retry in the editor.`,
        link: `/courses/${row.course_id}/edit`,
      };
    return {
      ...base,
      kind: 'generation.finished',
      title: `The ${what} of "${row.course_title}" ${what === 'outline' ? 'is' : 'are'} written`,
      body: `Mirai finished writing the ${what} of "${row.course_title}". Review ${what === 'outline' ? 'it' : 'them'} in the editor.`,
      link: `/courses/${row.course_id}/edit`,
    };
  });
}

interface LearnerCourseRow {
  tenant_id: string;
  user_id: string;
  source_key: string;
  course_id: string;
  course_title: string;
  due_at: Date | string | null;
}

const dateOf = (value: Date | string) => new Date(value).toISOString().slice(0, 10);

/** A course assigned to a learner's group (or the learner added to such a group), once per learner and course. */
async function assignments(em: EntityManager, limit: number): Promise<NotificationDraft[]> {
  const key = `'assigned:' || a.course_id`;
  const rows = await em.execute<LearnerCourseRow[]>(
    `select a.tenant_id, m.user_id, ${key} as source_key, a.course_id, min(c.title) as course_title, min(coalesce(a.due_at, g.due_at)) as due_at
       from course_assignment a
       join group_member m on m.group_id = a.group_id and m.user_id is not null
       join learner_group g on g.id = a.group_id
       join course c on c.id = a.course_id
      where greatest(a.assigned_at, m.added_at) > now() - ${LOOK_BACK}
        and not exists (select 1 from course_withdrawal w where w.course_id = a.course_id and w.user_id = m.user_id)
        and ${unhandled('a.tenant_id', 'm.user_id', key)}
      group by a.tenant_id, m.user_id, a.course_id
      limit ?`,
    [limit],
  );
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    userId: row.user_id,
    sourceKey: row.source_key,
    kind: 'course.assigned',
    title: `New course: "${row.course_title}"`,
    body:
      row.due_at === null
        ? `You have been assigned "${row.course_title}".`
        : `You have been assigned "${row.course_title}", due ${dateOf(row.due_at)}.`,
    link: `/learn/${row.course_id}`,
    payload: { courseId: row.course_id, courseTitle: row.course_title, dueAt: row.due_at === null ? null : new Date(row.due_at).toISOString() },
  }));
}

/** A learner completed a course (every lesson done), once per enrolment. */
async function completions(em: EntityManager, limit: number): Promise<NotificationDraft[]> {
  const key = `'completed:' || n.id`;
  const rows = await em.execute<LearnerCourseRow[]>(
    `select n.tenant_id, n.user_id, ${key} as source_key, n.course_id, c.title as course_title, null as due_at
       from enrolment n join course c on c.id = n.course_id
      where n.completed_at > now() - ${LOOK_BACK} and ${unhandled('n.tenant_id', 'n.user_id', key)}
      limit ?`,
    [limit],
  );
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    userId: row.user_id,
    sourceKey: row.source_key,
    kind: 'course.completed',
    title: `You completed "${row.course_title}"`,
    body: `Well done: you completed every lesson of "${row.course_title}".`,
    link: `/learn/${row.course_id}`,
    payload: { courseId: row.course_id, courseTitle: row.course_title },
  }));
}

/** Everything not yet handled, oldest sources first per kind of source. */
export async function pendingNotifications(em: EntityManager, limit: number): Promise<NotificationDraft[]> {
  return [...(await jobOutcomes(em, limit)), ...(await assignments(em, limit)), ...(await completions(em, limit))];
}
