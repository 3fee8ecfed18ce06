import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { courseWithOutline, signUp, waitForJob } from '../support/generation-client.ts';
import { DESKTOP } from './journeys/admin-steps.ts';
import { signInThroughForm } from './journeys/learner-steps.ts';

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

  it('imports 20 learners from a CSV with two bad rows, assigns a course with a due date, and the learner sees it overdue', async () => {
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
  });
});
