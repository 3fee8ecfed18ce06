import type { EntityManager } from '@mikro-orm/postgresql';

/** A completed enrolment's score waiting to go to its platform's line item. */
export interface PendingScore {
  id: string;
  tenant_id: string;
  user_sub: string;
  line_item_url: string;
  client_id: string;
  token_url: string;
  completed_at: Date;
  correct: number;
  total: number;
}

/**
 * How long a replica owns the scores it claimed. Longer than a batch can take (each score is a
 * token request and a POST, 10 s limit each), so a slow platform cannot let a second replica take
 * a score still being sent; a replica that dies mid-batch leaves its scores to the next claim
 * after this.
 */
const CLAIM_MINUTES = 10;

/**
 * Claims up to `limit` unsent scores of completed enrolments for this replica, in one statement:
 * rows another replica holds (locked now, or claimed and not yet expired) are skipped, so every
 * API and worker replica can run the passback tick and each score is sent by one of them. Returns
 * each with its platform's token endpoint and the learner's score (best attempt of each quiz).
 */
export async function claimPendingScores(em: EntityManager, maxAttempts: number, limit: number): Promise<PendingScore[]> {
  return em.execute<PendingScore[]>(
    `with due as (
       select g.id from lti_grade_link g
         join enrolment e on e.id = g.enrolment_id
        where g.sent_at is null and g.attempts < ? and e.completed_at is not null
          and (g.claimed_until is null or g.claimed_until < now())
        order by g.id limit ?
        for update of g skip locked
     ),
     claimed as (
       update lti_grade_link set claimed_until = now() + interval '${CLAIM_MINUTES} minutes'
         from due where lti_grade_link.id = due.id
       returning lti_grade_link.id
     )
     select g.id, g.tenant_id, g.user_sub, g.line_item_url, p.client_id, p.token_url, e.completed_at,
            coalesce(sum(best.correct), 0)::int as correct, coalesce(sum(best.total), 0)::int as total
       from claimed c
       join lti_grade_link g on g.id = c.id
       join lti_platform p on p.id = g.platform_id
       join enrolment e on e.id = g.enrolment_id
       left join lateral (
         select distinct on (a.lesson_id, a.block_id) a.correct, a.total from quiz_attempt a
          where a.enrolment_id = e.id order by a.lesson_id, a.block_id, a.correct desc
       ) best on true
      group by g.id, p.client_id, p.token_url, e.completed_at`,
    [maxAttempts, limit],
  );
}

/** The score reached its platform: never sent again. */
export async function markScoreSent(em: EntityManager, id: string): Promise<void> {
  await em.execute('update lti_grade_link set sent_at = now(), attempts = attempts + 1, last_error = null, claimed_until = null where id = ?', [id]);
}

/** Sending failed: the error is kept and the score is free for the next tick's claim. */
export async function markScoreFailed(em: EntityManager, id: string, error: string): Promise<void> {
  await em.execute('update lti_grade_link set attempts = attempts + 1, last_error = ?, claimed_until = null where id = ?', [error.slice(0, 500), id]);
}
