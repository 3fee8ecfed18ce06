import type { EntityManager } from '@mikro-orm/postgresql';
import { platformAccessToken } from './lti-access-token.ts';
import { AGS_SCORE_SCOPE } from './lti-claims.ts';
import { claimPendingScores, markScoreFailed, markScoreSent, type PendingScore } from './lti-score-claims.ts';
import type { LtiToolKeys } from './lti-tool-keys.ts';

/** Tries per line item before a failing platform is given up on (the error stays on the row). */
const MAX_ATTEMPTS = 5;
/** Scores one replica claims and sends per tick. */
const BATCH_SIZE = 20;

/** `<lineitem>/scores`, keeping the line item URL's query (AGS 2.0, 3.4). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.toString();
}

/**
 * Assignment and Grade Services with Mirai as the tool: when a learner launched with an AGS line
 * item completes the course, the score (best attempt of each quiz, or 1/1 for a course without
 * quizzes) goes to the platform. Runs on the background tick of every replica; each score is
 * claimed by one (`lti-score-claims.ts`). A failure is retried on later ticks.
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
    const pending = await claimPendingScores(em, MAX_ATTEMPTS, BATCH_SIZE);
    let sent = 0;
    for (const row of pending) {
      try {
        await this.#send(em, row);
        await markScoreSent(em, row.id);
        sent += 1;
      } catch (error) {
        await markScoreFailed(em, row.id, String(error));
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
