import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse } from '../learning/testing/learning-fixture.ts';
import { claimPendingScores, markScoreFailed, markScoreSent } from './lti-score-claims.ts';

let t: TestServer;
let owner: SignedUp;
let platformId: string;
let courseId: string;

// The server's own passback tick (every half of MIRAI_JOB_STALE_SECONDS) must not claim the rows
// these tests claim by hand: an hour's staleness keeps it away for the file's duration.
beforeAll(async () => {
  t = await startTestServer({ MIRAI_JOB_STALE_SECONDS: '3600' });
  owner = await t.signup('owner@lti-claims.example');
  ({ courseId } = await authoredCourse(t, owner));
  await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
  platformId = randomUUID();
  await sql(
    `insert into lti_platform (id, tenant_id, name, issuer, client_id, deployment_ids, auth_login_url, jwks_url, token_url, created_at)
     values (?, ?, 'LMS', 'https://lms.example', 'client-1', '["d1"]', 'https://lms.example/auth', 'https://lms.example/jwks', 'https://lms.example/token', now())`,
    [platformId, owner.tenantId],
  );
});
afterAll(() => t.close());

function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return t.server.orm.em.fork().getConnection().execute<T[]>(query, params);
}

/** A learner's grade link to a line item, their enrolment completed or not. */
async function gradeLink(completed: boolean): Promise<string> {
  const learner = await t.join(owner, `learner-${randomUUID()}@lti-claims.example`, 'learner');
  const enrolment = (await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/enrolments`, headers: learner.auth })).json();
  if (completed) await sql('update enrolment set completed_at = now() where id = ?', [enrolment.id]);
  const id = randomUUID();
  await sql(
    `insert into lti_grade_link (id, tenant_id, platform_id, enrolment_id, user_sub, line_item_url)
     values (?, ?, ?, ?, ?, 'https://lms.example/lineitems/7')`,
    [id, owner.tenantId, platformId, enrolment.id, `sub-${id}`],
  );
  return id;
}

const claim = () => claimPendingScores(t.server.orm.em.fork(), 5, 20);
const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id);

describe('LTI score claims: each score is sent by one replica', () => {
  it('gives a pending score to one of two replicas claiming at once, with its platform and score', async () => {
    const link = await gradeLink(true);
    const [first, second] = await Promise.all([claim(), claim()]);
    const claimedBy = [first, second].filter((rows) => ids(rows).includes(link));
    expect(claimedBy).toHaveLength(1);
    expect(claimedBy[0]?.find((row) => row.id === link)).toMatchObject({
      token_url: 'https://lms.example/token',
      client_id: 'client-1',
      correct: 0,
      total: 0,
    });
    // Still being sent by its replica: nobody else takes it.
    expect(ids(await claim())).not.toContain(link);
    await markScoreSent(t.server.orm.em.fork(), link);
  });

  it('leaves unfinished enrolments alone, and sent scores for good', async () => {
    const unfinished = await gradeLink(false);
    const sent = await gradeLink(true);
    expect(ids(await claim())).toContain(sent);
    await markScoreSent(t.server.orm.em.fork(), sent);
    await sql("update lti_grade_link set claimed_until = now() - interval '1 second' where id = ?", [sent]);
    const again = ids(await claim());
    expect(again).not.toContain(sent);
    expect(again).not.toContain(unfinished);
  });

  it('frees a failed score for the next claim, and a claim its replica never finished once it expires', async () => {
    const failed = await gradeLink(true);
    const abandoned = await gradeLink(true);
    const claimed = ids(await claim());
    expect(claimed).toEqual(expect.arrayContaining([failed, abandoned]));
    await markScoreFailed(t.server.orm.em.fork(), failed, 'score POST answered 503');
    expect(ids(await claim())).toEqual([failed]);
    const [row] = await sql<{ attempts: number; last_error: string }>('select attempts, last_error from lti_grade_link where id = ?', [failed]);
    expect(row).toEqual({ attempts: 1, last_error: 'score POST answered 503' });
    // The replica holding `abandoned` died: its claim runs out and another replica takes it.
    await sql("update lti_grade_link set claimed_until = now() - interval '1 second' where id = ?", [abandoned]);
    expect(ids(await claim())).toEqual([abandoned]);
    await markScoreSent(t.server.orm.em.fork(), abandoned);
    await markScoreSent(t.server.orm.em.fork(), failed);
  });
});
