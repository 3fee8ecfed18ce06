import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobsService } from '../../jobs/jobs.service.ts';
import { createGroundedCourse, injectCaller, waitForJob } from '../../testing/course-fixture.ts';
import { decodedMail } from '../../testing/mail-links.ts';
import { type SignedUp, WsTestClient } from '../../testing/test-server.ts';
import { type MailingTestServer, startMailingTestServer } from '../identity/testing/mailing-test-server.ts';
import { authoredCourse, joinAs } from '../learning/testing/learning-fixture.ts';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from './notification-kinds.ts';
import { pendingNotifications } from './notification-sources.ts';
import { SCHEMA_CHANNELS, SCHEMA_KINDS } from './notifications.schemas.ts';
import { Notifier } from './notifier.ts';
import { remindersTask } from './reminders.ts';

let m: MailingTestServer;
let owner: SignedUp;
let learner: SignedUp;
let courseId: string;
let lessonIds: [string, string];
let baseUrl: string;
let learnerSocket: WsTestClient;
let ownerSocket: WsTestClient;

const DAY = 86_400_000;
const call = (who: SignedUp, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  m.t.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload }) });
const db = () => m.t.server.orm.em.fork();
const count = async (sql: string, params: unknown[]) => (await db().execute<{ n: number }[]>(`select count(*)::int as n ${sql}`, params))[0]?.n;
/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`), as nodemailer writes a subject with quotes. */
const encodedWords = (header: string) =>
  header.replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_, text: string) =>
    text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
  );
/** Subjects of the mails received for `to`, headers unfolded and decoded. */
const subjects = (to: string) =>
  m.smtp.received
    .filter((mail) => mail.to.includes(to))
    .map((mail) => encodedWords(/^Subject: (.*)$/m.exec(mail.raw.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? ''));
const mailJobs = (notificationId: string) => count(`from job where kind = 'mail.account' and payload->>'id' = ?`, [notificationId]);

/** A notifier like the server's, for running the reminder task directly (as the scheduler would). */
const reminders = () => {
  const notifier = new Notifier({
    orm: m.t.server.orm,
    jobs: new JobsService(),
    afterCommit: () => m.t.server.background.relay.kick(),
    publishUnread: async () => undefined,
  });
  return remindersTask({ orm: m.t.server.orm, notifier, everyMs: 60_000, dueSoonDays: 3 });
};

beforeAll(async () => {
  m = await startMailingTestServer();
  owner = await m.t.signup('owner@notify.example', 'Notify Org');
  learner = await joinAs(m.t, owner, 'learner@notify.example', 'learner');
  ({ courseId, lessonIds } = await authoredCourse(m.t, owner));
  await call(owner, 'POST', `/v1/courses/${courseId}/publish`);
  baseUrl = await m.t.server.app.listen({ port: 0, host: '127.0.0.1' });
  learnerSocket = await WsTestClient.connect(baseUrl, learner.token);
  ownerSocket = await WsTestClient.connect(baseUrl, owner.token);
}, 180_000);
afterAll(async () => {
  learnerSocket?.socket.close();
  ownerSocket?.socket.close();
  await m?.close();
});

describe('notifications from assignments', () => {
  let notificationId: string;

  it('tells the assigned learner once, live with the unread count, and by mail (the default for assignments)', async () => {
    const groupId = (await call(owner, 'POST', '/v1/groups', { name: 'Pickers' })).json().id;
    await call(owner, 'POST', `/v1/groups/${groupId}/members`, { emails: [learner.email] });
    const assigned = await call(owner, 'PUT', `/v1/groups/${groupId}/courses/${courseId}`, { dueAt: new Date(Date.now() + 2 * DAY).toISOString() });
    expect(assigned.statusCode).toBe(200);
    await learnerSocket.waitFor((message) => message.type === 'notifications' && message.unread === 1);
    const list = (await call(learner, 'GET', '/v1/me/notifications')).json();
    expect(list).toMatchObject({ total: 1, unread: 1, nextOffset: null });
    expect(list.items[0]).toMatchObject({ kind: 'course.assigned', title: 'New course: "Lifting safely"', link: `/learn/${courseId}`, readAt: null });
    notificationId = list.items[0].id;
    await expect.poll(() => subjects(learner.email), { timeout: 30_000 }).toContain('New course: "Lifting safely"');
    const mail = m.smtp.received.find((received) => decodedMail(received.raw).includes('You have been assigned'));
    expect(decodedMail(mail?.raw ?? '')).toContain(`https://app.example/learn/${courseId}`);
  });

  it("never shows or pushes one person's notifications to another", async () => {
    expect((await call(owner, 'GET', '/v1/me/notifications')).json().items.map((n: { kind: string }) => n.kind)).not.toContain('course.assigned');
    expect(ownerSocket.messages.filter((message) => message.type === 'notifications' && message.unread === 1)).toEqual([]);
    expect((await call(owner, 'POST', `/v1/me/notifications/${notificationId}/read`)).json()).toMatchObject({
      status: 404,
      code: 'MIRAI_ERR_NOTIFICATION_NOT_FOUND',
    });
  });

  it('makes no second notification or mail when the source is seen again (another pass, another replica)', async () => {
    expect(await pendingNotifications(db(), 100)).toEqual([]);
    await db().execute('delete from notification_source where user_id = ?', [learner.userId]);
    const again = (await pendingNotifications(db(), 100)).filter((draft) => draft.userId === learner.userId);
    expect(again).toHaveLength(1);
    // The unique key on the source stops the second notification even when the ledger row is gone.
    const notifier = new Notifier({
      orm: m.t.server.orm,
      jobs: new JobsService(),
      afterCommit: () => undefined,
      publishUnread: async () => undefined,
    });
    await expect(notifier.notify(again[0] ?? expect.fail('no draft'))).rejects.toThrow(/notification/);
    expect(await count('from notification where user_id = ?', [learner.userId])).toBe(1);
    expect(await mailJobs(notificationId)).toBe(1);
    await db().execute(`insert into notification_source (tenant_id, user_id, source_key) values (?, ?, ?)`, [
      learner.tenantId,
      learner.userId,
      `assigned:${courseId}`,
    ]);
  });

  it('marks one read and pushes the new count; read-all clears the rest', async () => {
    const read = (await call(learner, 'POST', `/v1/me/notifications/${notificationId}/read`)).json();
    expect(read.readAt).not.toBeNull();
    await learnerSocket.waitFor((message) => message.type === 'notifications' && message.unread === 0);
    expect((await call(learner, 'GET', '/v1/me/notifications?unread=true')).json()).toMatchObject({ items: [], total: 0, unread: 0 });
    expect((await call(learner, 'POST', '/v1/me/notifications/read-all')).json()).toEqual({ unread: 0 });
  });
});

describe('preferences and reminders', () => {
  it('offers every kind with a default, and names a bad value', async () => {
    expect([...SCHEMA_KINDS]).toEqual([...NOTIFICATION_KINDS]);
    expect([...SCHEMA_CHANNELS]).toEqual([...NOTIFICATION_CHANNELS]);
    const defaults = (await call(learner, 'GET', '/v1/me/notification-preferences')).json();
    expect(defaults).toMatchObject({ 'course.assigned': 'email', 'course.due-soon': 'email', 'export.ready': 'inApp' });
    const bad = await call(learner, 'PUT', '/v1/me/notification-preferences', { 'course.due-soon': 'sms' });
    expect(bad.json()).toMatchObject({ status: 400, code: 'MIRAI_ERR_REQUEST_VALIDATION' });
  });

  it('reminds once of a course due soon, in the app only when the learner chose inApp: no mail', async () => {
    const set = (await call(learner, 'PUT', '/v1/me/notification-preferences', { 'course.due-soon': 'inApp' })).json();
    expect(set).toMatchObject({ 'course.due-soon': 'inApp', 'course.assigned': 'email' });
    const task = reminders();
    expect(await task.run({ start: new Date() })).toEqual({ reminded: 1 });
    expect(await task.run({ start: new Date() })).toEqual({ reminded: 0 });
    const due = (await call(learner, 'GET', '/v1/me/notifications?unread=true')).json();
    expect(due.items).toEqual([expect.objectContaining({ kind: 'course.due-soon', link: `/learn/${courseId}` })]);
    expect(await mailJobs(due.items[0].id)).toBe(0);
  });

  it('says nothing at all for a kind switched off, and reminds of an overdue course by mail otherwise', async () => {
    await db().execute('update course_assignment set due_at = ? where course_id = ?', [new Date(Date.now() - DAY), courseId]);
    await call(learner, 'PUT', '/v1/me/notification-preferences', { 'course.overdue': 'off' });
    expect(await reminders().run({ start: new Date() })).toEqual({ reminded: 1 });
    expect(await count(`from notification where user_id = ? and kind = 'course.overdue'`, [learner.userId])).toBe(0);
    // A later due date is a new reminder; with the default channel it is mailed.
    await db().execute('update course_assignment set due_at = ? where course_id = ?', [new Date(Date.now() - 2 * DAY), courseId]);
    await call(learner, 'PUT', '/v1/me/notification-preferences', { 'course.overdue': 'email' });
    expect(await reminders().run({ start: new Date() })).toEqual({ reminded: 1 });
    const overdue = (await call(learner, 'GET', '/v1/me/notifications?unread=true')).json().items;
    expect(overdue.map((n: { kind: string }) => n.kind)).toContain('course.overdue');
    const overdueMails = () => subjects(learner.email).filter((subject) => subject.endsWith('is overdue'));
    await expect.poll(() => overdueMails().length, { timeout: 30_000 }).toBe(1);
    // The switched-off period's reminder left no mail job behind to arrive later.
    expect(await count(`from job where kind = 'mail.account' and payload->>'recipient' = ?`, [learner.userId])).toBe(2);
  });
});

describe('notifications from jobs', () => {
  it('tells the course owner when the outline is written', async () => {
    const generated = await createGroundedCourse(injectCaller(m.t, owner), 'Lifting at night');
    const started = (await call(owner, 'POST', `/v1/courses/${generated}/generate-outline`, {})).json();
    expect((await waitForJob(injectCaller(m.t, owner), started.jobId)).status).toBe('completed');
    await ownerSocket.waitFor((message) => message.type === 'notifications' && typeof message.unread === 'number' && message.unread >= 1);
    const items = (await call(owner, 'GET', '/v1/me/notifications')).json().items;
    expect(items).toContainEqual(
      expect.objectContaining({
        kind: 'generation.finished',
        title: 'The outline of "Lifting at night" is written',
        link: `/courses/${generated}/edit`,
      }),
    );
  }, 120_000);

  it('tells whoever asked for an export that it is ready, in the app only by default', async () => {
    const started = (await call(owner, 'POST', `/v1/courses/${courseId}/exports`, { format: 'html' })).json();
    expect((await waitForJob(injectCaller(m.t, owner), started.jobId)).status).toBe('completed');
    await expect
      .poll(async () => (await call(owner, 'GET', '/v1/me/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'export.ready'), {
        timeout: 30_000,
      })
      .toEqual([expect.objectContaining({ title: 'Export of "Lifting safely" is ready', link: `/courses/${courseId}/export` })]);
    const ready = (await call(owner, 'GET', '/v1/me/notifications')).json().items.find((n: { kind: string }) => n.kind === 'export.ready');
    expect(ready.body).toBe('The html export of "Lifting safely" is ready to download.');
    expect(await mailJobs(ready.id)).toBe(0);
  }, 120_000);
});

describe('notifications from completions', () => {
  it('congratulates the learner once the last lesson is done, in the app only by default', async () => {
    const enrolmentId = (await call(learner, 'POST', `/v1/courses/${courseId}/enrolments`)).json().id;
    const quiz = {
      blockId: 'check',
      answers: [
        { questionId: 'q1', choiceIndex: 1 },
        { questionId: 'q2', choiceIndex: 0 },
      ],
    };
    expect((await call(learner, 'POST', `/v1/enrolments/${enrolmentId}/lessons/${lessonIds[0]}/quiz-attempts`, quiz)).statusCode).toBe(201);
    for (const lessonId of lessonIds)
      expect((await call(learner, 'PUT', `/v1/enrolments/${enrolmentId}/lessons/${lessonId}/progress`, { completed: true })).statusCode).toBe(200);
    const completed = async () =>
      (await call(learner, 'GET', '/v1/me/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'course.completed');
    await expect.poll(completed, { timeout: 30_000 }).toEqual([expect.objectContaining({ title: 'You completed "Lifting safely"' })]);
    expect(await mailJobs((await completed())[0].id)).toBe(0);
  });
});
