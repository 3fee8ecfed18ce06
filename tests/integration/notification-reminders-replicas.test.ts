import { createTestDatabase, createTestRedis, startTestSmtp } from '@mirai/core/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { courseWithOutline, signUp, waitForJob } from '../support/generation-client.ts';
import { migrate, startCluster } from '../support/scale-out-cluster.ts';

const serverMode = (process.env.MIRAI_TEST_DATABASE_URL ?? '') !== '' && (process.env.MIRAI_TEST_REDIS_URL ?? '') !== '';
const PERIOD_SECONDS = 2;
const DAY = 86_400_000;

describe.skipIf(!serverMode)('server mode: due-date reminders with two worker processes', () => {
  it('tells an overdue learner once (one notification, one mail) while both workers run the reminder period after period', async () => {
    const database = await createTestDatabase();
    const redis = createTestRedis();
    const smtp = await startTestSmtp();
    const env = {
      ...database.env,
      ...redis.env,
      QUEUE_BACKEND: 'redis',
      MIRAI_QUEUE_NAMESPACE: `reminders_${Date.now()}`,
      MIRAI_REMINDER_CHECK_SECONDS: String(PERIOD_SECONDS),
      MIRAI_SMTP_URL: smtp.url,
    };
    await migrate(env);
    const cluster = await startCluster('notification-reminders', { apis: 1, workers: 2 }, env);
    const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    const count = async (sql: string, params: unknown[]) =>
      (await client.query<{ n: number }>(`select count(*)::int as n ${sql}`, params)).rows[0]?.n;
    try {
      const apiUrl = cluster.apis[0]?.url ?? '';
      const stamp = Date.now();
      const owner = await signUp(apiUrl, `reminders-owner-${stamp}@example.org`);
      const courseId = await courseWithOutline(owner, 1, 1);
      const { jobId } = (await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons` })).body as { jobId: string };
      expect((await waitForJob(owner, jobId)).status).toBe('completed');
      expect((await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` })).status).toBe(200);
      const learnerEmail = `reminders-learner-${stamp}@example.org`;
      const { token } = (
        await owner.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
      ).body as { token: string };
      const joined = await fetch(`${apiUrl}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: learnerEmail, password: 'correct horse battery', invitationToken: token }),
      });
      expect(joined.status).toBe(201);
      const learnerId = ((await joined.json()) as { user: { id: string } }).user.id;
      const { id: groupId } = (await owner.call({ method: 'POST', url: '/v1/groups', payload: { name: 'Late' } })).body as { id: string };
      await owner.call({ method: 'POST', url: `/v1/groups/${groupId}/members`, payload: { emails: [learnerEmail] } });
      // Assigned already overdue (due yesterday): one mail for the assignment, one for the overdue reminder.
      const dueAt = new Date(Date.now() - DAY).toISOString();
      expect((await owner.call({ method: 'PUT', url: `/v1/groups/${groupId}/courses/${courseId}`, payload: { dueAt } })).status).toBe(200);

      const overdue = `from notification where user_id = $1 and kind = 'course.overdue'`;
      await expect.poll(() => count(overdue, [learnerId]), { timeout: 60_000, interval: 200 }).toBe(1);
      const since = (await client.query<{ at: Date }>(`select created_at as at ${overdue}`, [learnerId])).rows[0]?.at;
      // Both workers keep running the reminder: wait for three more periods claimed after the notification.
      await expect
        .poll(() => count(`from scheduled_run where name = 'notifications.reminders' and finished_at > $1`, [since]), {
          timeout: 60_000,
          interval: 200,
        })
        .toBeGreaterThanOrEqual(3);
      const claimants = (
        await client.query<{ claimed_by: string }>(`select distinct claimed_by from scheduled_run where name = 'notifications.reminders'`)
      ).rows;
      console.info(`reminder periods claimed by ${JSON.stringify(claimants.map((row) => row.claimed_by))}`);
      expect(await count(overdue, [learnerId])).toBe(1);
      const overdueMails = () =>
        smtp.received.filter((mail) => mail.to.includes(learnerEmail) && mail.raw.replace(/=\r?\n/g, '').includes('and is not complete yet'));
      await expect.poll(() => overdueMails().length, { timeout: 30_000 }).toBe(1);
      // Every mail job of the learner is final, so no second mail is still on its way.
      await expect
        .poll(() =>
          count(`from job where kind = 'mail.account' and payload->>'recipient' = $1 and status not in ('completed', 'failed', 'cancelled')`, [
            learnerId,
          ]),
        )
        .toBe(0);
      expect(overdueMails()).toHaveLength(1);
      expect(await count(`from job where kind = 'mail.account' and payload->>'recipient' = $1`, [learnerId])).toBe(2);
    } finally {
      await cluster.stop();
      await client.end();
      await smtp.close();
      await database.dispose();
      await redis.dispose();
    }
  }, 240_000);
});
