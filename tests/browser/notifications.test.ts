import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createGroundedCourse } from '@mirai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { type Session, signUp, waitForJob } from '../support/generation-client.ts';
import { DESKTOP } from './journeys/admin-steps.ts';
import { signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

/** A published course of one written lesson, titled `title`. */
async function publishedCourse(owner: Session, title: string): Promise<string> {
  const courseId = await createGroundedCourse(owner.call, title);
  for (const step of ['generate-outline', 'generate-lessons']) {
    const payload = step === 'generate-outline' ? { moduleCount: 1, lessonsPerModule: 1 } : undefined;
    const { jobId } = (await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/${step}`, ...(payload ? { payload } : {}) })).body as {
      jobId: string;
    };
    expect((await waitForJob(owner, jobId)).status).toBe('completed');
  }
  expect((await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` })).status).toBe(200);
  return courseId;
}

/** The development mailbox's messages to `email` (quoted-printable soft breaks undone). */
async function mailsTo(dataDir: string, email: string): Promise<string[]> {
  const mailbox = path.join(dataDir, 'plugins', 'mail-smtp', 'mailbox');
  const names = await readdir(mailbox).catch(() => []);
  const texts = await Promise.all(names.map(async (name) => (await readFile(path.join(mailbox, name), 'utf8')).replace(/=\r?\n/g, '')));
  return texts.filter((text) => text.includes(`To: ${email}`));
}

describe('notifications in a real browser', () => {
  // Reminders only for courses due within a day: the courses here are due in five, so no reminder changes the count mid-test.
  const stack = useBrowserStack('notifications', { apiEnv: { MIRAI_REMINDER_DUE_DAYS: '1' } });

  it('an assignment appears live in the bell, is marked read, and a changed preference stops the mail', async () => {
    const { app, api, browser, contexts, dataDir } = stack.get();
    const stamp = Date.now();
    const owner = await signUp(api.url, `notify-owner-${stamp}@example.org`);
    const first = await publishedCourse(owner, 'Lifting by day');
    const second = await publishedCourse(owner, 'Lifting by night');
    const learnerEmail = `notify-learner-${stamp}@example.org`;
    const { token } = (
      await owner.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
    ).body as { token: string };
    const joined = await fetch(`${api.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: learnerEmail, password: PASSWORD, invitationToken: token }),
    });
    expect(joined.status).toBe(201);
    const { id: groupId } = (await owner.call({ method: 'POST', url: '/v1/groups', payload: { name: 'Night shift' } })).body as { id: string };
    await owner.call({ method: 'POST', url: `/v1/groups/${groupId}/members`, payload: { emails: [learnerEmail] } });
    const dueAt = new Date(Date.now() + 5 * DAY).toISOString();

    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughForm(page, app.url, { email: learnerEmail, password: PASSWORD });
    await page.goto(`${app.url}/learn`);
    const bell = page.getByRole('link', { name: /^Notifications/ });
    await expect(bell.getAttribute('aria-label')).resolves.toBe('Notifications, none unread');

    // Assigned while the learner looks at another page: the count arrives over the websocket, no reload.
    expect((await owner.call({ method: 'PUT', url: `/v1/groups/${groupId}/courses/${first}`, payload: { dueAt } })).status).toBe(200);
    await page.getByTestId('unread-count').filter({ hasText: '1' }).waitFor({ timeout: 30_000 });
    await expect(bell.getAttribute('aria-label')).resolves.toBe('Notifications, 1 unread');
    await expect
      .poll(async () => (await mailsTo(dataDir, learnerEmail)).some((mail) => mail.includes('Lifting by day')), { timeout: 30_000 })
      .toBe(true);

    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByRole('link', { name: 'New course: "Lifting by day"' }).waitFor();
    await expectAccessible(page, 'notifications page');
    await page.getByRole('button', { name: 'Mark read: New course: "Lifting by day"' }).click();
    await page.getByText('Nothing unread.').waitFor();
    await page.getByTestId('unread-count').waitFor({ state: 'detached' });

    // Assignments in the app only from now on: the next one is a notification without a mail.
    await page.goto(`${app.url}/account`);
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await page.getByLabel('Course assigned to you').selectOption('inApp');
    await page.getByRole('button', { name: 'Save notification choices' }).click();
    await page.getByText('Notification choices saved.').waitFor();
    await expectAccessible(page, 'account page with notification choices');
    expect((await owner.call({ method: 'PUT', url: `/v1/groups/${groupId}/courses/${second}`, payload: { dueAt } })).status).toBe(200);
    await page.getByTestId('unread-count').filter({ hasText: '1' }).waitFor({ timeout: 30_000 });
    await page.goto(`${app.url}/notifications`);
    await page.getByRole('link', { name: 'New course: "Lifting by night"' }).waitFor();
    // A notification's mail job commits with it, so one for this notification would be queued before
    // the password-reset mail asked for now; once that one has arrived, the night course's never will.
    const reset = await fetch(`${api.url}/v1/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: learnerEmail }),
    });
    expect(reset.status).toBe(202);
    await expect
      .poll(async () => (await mailsTo(dataDir, learnerEmail)).some((mail) => mail.includes('reset-password?token')), { timeout: 30_000 })
      .toBe(true);
    const mails = await mailsTo(dataDir, learnerEmail);
    expect(mails.filter((mail) => mail.includes('Lifting by day'))).toHaveLength(1);
    expect(mails.filter((mail) => mail.includes('Lifting by night'))).toEqual([]);
  });
});
