import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { courseWithOutline, signUp, waitForJob } from '../support/generation-client.ts';
import { DESKTOP, phoneContextLike, screenshotBothWidths } from './journeys/admin-steps.ts';
import { signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';

/** The names in a zip's central directory (read from the end-of-central-directory record). */
function zipEntryNames(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end-of-central-directory record');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`not a zip: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return names;
}

describe('exporting a course from the app', () => {
  const stack = useBrowserStack('course-export');

  it('an author exports SCORM 2004 with live progress, downloads the package and finds it among earlier exports', async () => {
    const { app, api, browser, contexts } = stack.get();
    const stamp = Date.now();
    const owner = await signUp(api.url, `export-owner-${stamp}@example.org`);
    const courseId = await courseWithOutline(owner, 1, 2);
    const { jobId } = (await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons` })).body as { jobId: string };
    expect((await waitForJob(owner, jobId)).status).toBe('completed');
    // The exporting author is invited into the owner's organisation.
    const authorEmail = `export-author-${stamp}@example.org`;
    const { token } = (
      await owner.call({ method: 'POST', url: '/v1/invitations', payload: { email: authorEmail, role: 'author', delivery: 'link' } })
    ).body as { token: string };
    const joined = await fetch(`${api.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: authorEmail, password: PASSWORD, invitationToken: token }),
    });
    expect(joined.status).toBe(201);

    const desktop = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    contexts.push(desktop);
    const page = await desktop.newPage();
    await signInThroughForm(page, app.url, { email: authorEmail, password: PASSWORD });

    // From the course editor's header to the panel.
    await page.goto(`${app.url}/courses/${courseId}/edit`);
    await page.getByRole('link', { name: 'Export', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'New export' }).waitFor();
    await expect(page.getByTestId('export-list').count()).resolves.toBe(0);
    await expectAccessible(page, 'export panel (no exports yet)');

    // The exporter's declared options: a value outside its schema is refused on the field, by the API.
    await page.getByRole('radio', { name: 'SCORM 2004 4th Edition' }).check();
    await expect(page.getByRole('checkbox', { name: 'Sco per lesson' }).isChecked()).resolves.toBe(true);
    await page.getByRole('spinbutton', { name: 'Mastery score' }).fill('150');
    await page.getByRole('button', { name: 'Start the export' }).click();
    const invalid = page.getByRole('spinbutton', { name: 'Mastery score' });
    await page.locator('[data-field="masteryScore"] .field__error').waitFor();
    await expect(page.locator('[data-field="masteryScore"] .field__error').textContent()).resolves.toBe('Must be at most 100.');
    await expect(invalid.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await expectAccessible(page, 'export panel (a refused option)');

    // Start it; record every status text the progress region shows until the download link appears.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { exportStatuses: string[] }).exportStatuses = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="export-progress"] [role="status"]')?.textContent ?? '';
        if (text !== '' && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await invalid.fill('80');
    await page.getByRole('button', { name: 'Start the export' }).click();
    const link = page.getByTestId('export-download');
    await link.waitFor({ timeout: 60_000 });
    const statuses = await page.evaluate(() => (window as unknown as { exportStatuses: string[] }).exportStatuses);
    console.log(`export statuses seen: ${JSON.stringify(statuses)}`);
    expect(statuses[0]).toMatch(/^Exporting SCORM 2004 4th Edition: \d+ %/);
    expect(statuses.at(-1)).toBe('The SCORM 2004 4th Edition export is ready.');
    await expect(link.evaluate((element) => element === document.activeElement)).resolves.toBe(true);

    // The download is a SCORM package.
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const zip = await readFile(await download.path());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zipEntryNames(zip)).toContain('imsmanifest.xml');
    expect(download.suggestedFilename()).toMatch(/scorm2004\.zip$/);

    // Earlier exports: this one, by this author, downloadable again.
    const row = page.getByTestId('export-list').locator('tbody tr').first();
    await row.getByText('Ready').waitFor();
    await expect(row.textContent()).resolves.toContain(authorEmail);
    await expect(row.textContent()).resolves.toContain('SCORM 2004 4th Edition');
    const [again] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: /Download/ }).click()]);
    expect(zipEntryNames(await readFile(await again.path()))).toContain('imsmanifest.xml');
    await expectAccessible(page, 'export panel (ready, with the list)');

    // With the websocket cut at every attempt, the page follows the job by asking for it instead.
    let cutSockets = 0;
    await page.routeWebSocket(/\/v1\/ws/, (socket) => {
      cutSockets += 1;
      void socket.close({ code: 4000, reason: 'network lost' });
    });
    await page.getByRole('radio', { name: 'Static website (HTML, offline)' }).check();
    await page.getByText('This format has no options.').waitFor();
    await page.getByRole('button', { name: 'Start the export' }).click();
    await page.getByTestId('export-download').filter({ hasText: 'Static website' }).waitFor({ timeout: 60_000 });
    expect(cutSockets, 'websockets cut while the HTML export ran').toBeGreaterThan(0);
    await page.getByTestId('export-list').locator('tbody tr').nth(1).waitFor();
    await expect(page.getByTestId('export-list').locator('tbody tr').first().textContent()).resolves.toContain('Static website');

    const phone = await phoneContextLike(browser, desktop);
    contexts.push(phone);
    await screenshotBothWidths(page, await phone.newPage(), 'course-export');
  }, 240_000);
});
