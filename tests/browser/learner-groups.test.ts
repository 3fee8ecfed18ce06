import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { courseWithOutline, signUp, waitForJob } from '../support/generation-client.ts';
import { DESKTOP, phoneContextLike, screenshotBothWidths, submitAndSettle } from './journeys/admin-steps.ts';
import { completeCurrentLesson, lessonHasQuiz, passQuizFromFeedback, signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';

/** Twenty rows after the header; row 8 is not an address and row 15 repeats row 2. */
function learnerCsv(stamp: number, learnerEmail: string): string {
  const rows = ['email,name'];
  for (let i = 1; i <= 20; i++)
    rows.push(
      i === 1
        ? `${learnerEmail},Lee`
        : i === 7
          ? 'not an address,Broken'
          : i === 14
            ? `${learnerEmail},Again`
            : `cohort-${stamp}-${i}@example.org,P${i}`,
    );
  return `${rows.join('\n')}\n`;
}

describe('learner management in a real browser', () => {
  const stack = useBrowserStack('learner-groups');

  it('imports 20 learners from a CSV with two bad rows, assigns a course with a due date, the learner sees it overdue, completes it with a certificate that verifies, and the course gradebook shows their time and withdraws them', async () => {
    const { app, api, browser, contexts } = stack.get();
    const stamp = Date.now();
    const ownerEmail = `groups-owner-${stamp}@example.org`;
    const owner = await signUp(api.url, ownerEmail);
    const courseId = await courseWithOutline(owner, 1, 1);
    const { jobId } = (await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons` })).body as { jobId: string };
    expect((await waitForJob(owner, jobId)).status).toBe('completed');
    expect((await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` })).status).toBe(200);
    const learnerEmail = `groups-learner-${stamp}@example.org`;
    const { token } = (
      await owner.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
    ).body as { token: string };
    const joined = await fetch(`${api.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: learnerEmail, password: PASSWORD, invitationToken: token }),
    });
    expect(joined.status).toBe(201);

    const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughForm(page, app.url, { email: ownerEmail, password: PASSWORD });

    // A group, then the CSV: checked first, nothing enrolled until the valid rows are confirmed.
    await page.goto(`${app.url}/admin/groups`);
    await page.getByLabel('Name').fill('Autumn cohort');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('link', { name: 'Autumn cohort' }).click();
    await page.getByRole('heading', { level: 1, name: 'Autumn cohort' }).waitFor();
    await page
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: 'learners.csv', mimeType: 'text/csv', buffer: Buffer.from(learnerCsv(stamp, learnerEmail)) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const rejected = page.getByTestId('import-rejected');
    await rejected.waitFor();
    expect(await rejected.locator('tbody tr td:first-child').allTextContents()).toEqual(['8', '15']);
    await expect(page.getByTestId('group-members').locator('tbody tr').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Enrol the 18 valid learner(s)' }).click();
    await page.getByText('18 learner(s) enrolled; 2 row(s) skipped.').waitFor();
    const memberRows = page.getByTestId('group-members').locator('tbody tr');
    await memberRows.nth(17).waitFor();
    await expect(memberRows.count()).resolves.toBe(18);

    // The course, due yesterday: the gradebook marks everyone overdue.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Due on').fill(yesterday);
    await page.getByRole('button', { name: 'Assign course' }).click();
    await page.getByTestId('group-courses').waitFor();
    const learnerRow = page.getByTestId('gradebook').locator('tr', { hasText: learnerEmail });
    await expect(learnerRow.textContent()).resolves.toContain('overdue');
    await expectAccessible(page, 'group page');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^email,course,groups,status,overdue,/);
    expect(lines).toHaveLength(19);
    expect(lines.find((line) => line.startsWith(`${learnerEmail},`))).toContain(',not-started,yes,');

    // The learner's page says what is overdue.
    const learnerContext = await browser.newContext({ viewport: DESKTOP });
    contexts.push(learnerContext);
    const learnerPage = await learnerContext.newPage();
    await signInThroughForm(learnerPage, app.url, { email: learnerEmail, password: PASSWORD });
    await learnerPage.goto(`${app.url}/learn`);
    const assigned = learnerPage.getByTestId('my-assignments');
    await assigned.waitFor();
    await expect(assigned.textContent()).resolves.toContain(`Overdue since ${yesterday}`);
    await expect(learnerPage.getByTestId('assignments-summary').textContent()).resolves.toContain('1 overdue.');
    await expectAccessible(learnerPage, 'learn page with assignments');

    // The learner spends a moment in the lesson and completes the course; leaving the lesson reports the active time.
    await learnerPage.goto(`${app.url}/learn/${courseId}`);
    await learnerPage.getByRole('link', { name: 'Start the first lesson' }).click();
    await learnerPage.locator('#lesson-heading').waitFor();
    await learnerPage.mouse.move(200, 200);
    await learnerPage.waitForFunction(() => Number(document.querySelector('[data-active-seconds]')?.getAttribute('data-active-seconds')) >= 2);
    if (await lessonHasQuiz(learnerPage)) await passQuizFromFeedback(learnerPage);
    await Promise.all([
      learnerPage.waitForResponse((response) => response.url().endsWith('/time') && response.status() === 200),
      completeCurrentLesson(learnerPage),
    ]);

    // The certificate: the PDF downloads, and its verification page confirms it.
    const certificate = learnerPage.getByTestId('certificate');
    await certificate.waitFor();
    const [pdf] = await Promise.all([
      learnerPage.waitForEvent('download'),
      certificate.getByRole('link', { name: 'Download the certificate (PDF)' }).click(),
    ]);
    expect((await readFile(await pdf.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await certificate.getByRole('link', { name: 'Verification page' }).click();
    await expect(learnerPage.getByTestId('certificate-status').textContent()).resolves.toContain('This certificate is valid.');
    expect(new URL(learnerPage.url()).pathname).toMatch(/^\/certificates\/[0-9a-f-]{36}$/);
    await expectAccessible(learnerPage, 'certificate verification page');

    // The learner reads mail in French from now on (the mail itself: core/src/modules/people/mail-languages.test.ts).
    await learnerPage.goto(`${app.url}/account`);
    await learnerPage.getByLabel('Language of your e-mails').selectOption('fr');
    await learnerPage.getByRole('button', { name: 'Save language' }).click();
    await learnerPage.getByText('Language saved.').waitFor();
    await learnerPage.reload();
    await expect(learnerPage.getByLabel('Language of your e-mails').inputValue()).resolves.toBe('fr');

    // The course gradebook, from the learners page, for the cohort: the learner's row shows the time.
    await page.goto(`${app.url}/courses/${courseId}/learners`);
    await page.getByRole('link', { name: 'Gradebook' }).click();
    await page.getByRole('heading', { level: 1, name: /^Gradebook of / }).waitFor();
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Autumn cohort' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\?group=/);
    const courseRow = page.getByTestId('gradebook').locator(`tr[data-learner="${learnerEmail}"]`);
    const timeCell = courseRow.locator('td[data-label="Time spent"]');
    expect(Number(await timeCell.getAttribute('data-seconds'))).toBeGreaterThanOrEqual(2);
    await expect(timeCell.textContent()).resolves.toMatch(/^\d+ s$/);
    await expect(page.getByTestId('gradebook').locator('tbody tr').count()).resolves.toBe(18);
    await expectAccessible(page, 'course gradebook');
    const phone = await phoneContextLike(browser, context);
    contexts.push(phone);
    await screenshotBothWidths(page, await phone.newPage(), 'course-gradebook');

    const [courseDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]);
    const courseCsv = (await readFile(await courseDownload.path(), 'utf8')).trim().split('\r\n');
    expect(courseCsv[0]).toContain(',last_activity_at,time_spent_seconds,');
    expect(courseCsv).toHaveLength(19);
    const seconds = courseCsv[0]?.split(',').indexOf('time_spent_seconds') ?? -1;
    expect(Number(courseCsv.find((line) => line.startsWith(`${learnerEmail},`))?.split(',')[seconds])).toBeGreaterThanOrEqual(2);

    // Withdrawing asks first, then the row says so; progress and time stay.
    await courseRow.getByRole('link', { name: `Withdraw ${learnerEmail}` }).click();
    const confirmation = page.getByTestId('confirm-withdrawal');
    await confirmation.waitFor();
    await expectAccessible(page, 'course gradebook, confirming a withdrawal');
    await submitAndSettle(page, () => confirmation.getByRole('button', { name: 'Withdraw learner' }).click());
    await page.getByText(`${learnerEmail} was withdrawn from the course.`).waitFor();
    await expect.poll(() => courseRow.locator('td[data-label="Status"]').textContent(), { timeout: 15_000 }).toBe('Withdrawn');
    await expect(courseRow.locator('td[data-label="Lessons"]').textContent()).resolves.toBe('1/1');
    expect(Number(await timeCell.getAttribute('data-seconds'))).toBeGreaterThanOrEqual(2);
  });
});
