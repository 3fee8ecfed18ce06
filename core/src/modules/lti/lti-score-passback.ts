import type { EntityManager } from '@mikro-orm/postgresql';
import { platformAccessToken } from './lti-access-token.ts';
import { AGS_SCORE_SCOPE } from './lti-claims.ts';
import type { LtiToolKeys } from './lti-tool-keys.ts';

/** Tries per line item before a failing platform is given up on (the error stays on the row). */
const MAX_ATTEMPTS = 5;

interface PendingScore {
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

/** `<lineitem>/scores`, keeping the line item URL's query (AGS 2.0, 3.4). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.toString();
}

/**
 * Assignment and Grade Services with Mirai as the tool: when a learner launched with an AGS line
 * item completes the course, the score (best attempt of each quiz, or 1/1 for a course without
 * quizzes) goes to the platform. Runs on the background tick; a failure is retried on later ticks.
 */
export class LtiScorePassback {
  readonly #keys: LtiToolKeys;
  readonly #fetch: typeof globalThis.fetch;

  /** `fetch` reaches the platforms' token and line-item URLs: the egress guard's, since organisations choose them. */
  constructor(keys: LtiToolKeys, fetch: typeof globalThis.fetch) {
    this.#keys = keys;
    this.#fetch = fetch;
  }

  async sendPending(em: EntityManager): Promise<number> {
    const pending = await em.execute<PendingScore[]>(
      `select g.id, g.tenant_id, g.user_sub, g.line_item_url, p.client_id, p.token_url, e.completed_at,
              coalesce(sum(best.correct), 0)::int as correct, coalesce(sum(best.total), 0)::int as total
         from lti_grade_link g
         join lti_platform p on p.id = g.platform_id
         join enrolment e on e.id = g.enrolment_id
         left join lateral (
           select distinct on (a.lesson_id, a.block_id) a.correct, a.total from quiz_attempt a
            where a.enrolment_id = e.id order by a.lesson_id, a.block_id, a.correct desc
         ) best on true
        where g.sent_at is null and g.attempts < ? and e.completed_at is not null
        group by g.id, p.client_id, p.token_url, e.completed_at
        limit 20`,
      [MAX_ATTEMPTS],
    );
    let sent = 0;
    for (const row of pending) {
      try {
        await this.#send(em, row);
        await em.execute('update lti_grade_link set sent_at = now(), attempts = attempts + 1, last_error = null where id = ?', [row.id]);
        sent += 1;
      } catch (error) {
        await em.execute('update lti_grade_link set attempts = attempts + 1, last_error = ? where id = ?', [String(error).slice(0, 500), row.id]);
      }
    }
    return sent;
  }

  async #send(em: EntityManager, row: PendingScore): Promise<void> {
    const token = await platformAccessToken(
      em,
      { keys: this.#keys, fetch: this.#fetch },
      { tenantId: row.tenant_id, clientId: row.client_id, tokenUrl: row.token_url },
      AGS_SCORE_SCOPE,
    );
    const response = await this.#fetch(scoresUrl(row.line_item_url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
      body: JSON.stringify({
        userId: row.user_sub,
        scoreGiven: row.total === 0 ? 1 : row.correct,
        scoreMaximum: row.total === 0 ? 1 : row.total,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date(row.completed_at).toISOString(),
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`score POST answered ${response.status}`);
  }
}
