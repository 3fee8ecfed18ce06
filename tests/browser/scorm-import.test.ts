import { THIRD_PARTY_SCORM, zipScormFolder } from '@mirai/core/testing';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser-stack.ts';
import { freePort } from '../support/free-port.ts';
import { signUp } from '../support/generation-client.ts';
import { enrolFromCatalogue, openLearnerReport, signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';
const contentPort = await freePort();
// Another host than the app's 127.0.0.1, so not even the app's cookies reach package files.
const CONTENT_ORIGIN = `http://localhost:${contentPort}`;

/** The Golf sample's launch page, inside the launcher, inside the app's player frame. */
const golf = (page: Page): FrameLocator => page.frameLocator('iframe.scorm-player').frameLocator('iframe');

/** The launcher's frame on the content origin, once the page has one. */
async function launcherFrame(page: Page): Promise<Frame> {
  for (;;) {
    const frame = page.frames().find((candidate) => candidate.url().includes('/scorm-launcher/'));
    if (frame !== undefined) return frame;
    // Checked again on every frame navigation, and at least twice a second (one may come between the check and the wait).
    await page.waitForEvent('framenavigated', { timeout: 500 }).catch(() => undefined);
  }
}

async function learnerSignsIn(page: Page, appUrl: string, email: string): Promise<void> {
  await signInThroughForm(page, appUrl, { email, password: PASSWORD });
}

const VERSIONS = {
  '1.2': { folder: THIRD_PARTY_SCORM.scorm12, title: 'Golf Explained - Run-time Basic Calls' },
  '2004': { folder: THIRD_PARTY_SCORM.scorm2004, title: 'Golf Explained - Run-time Basic Calls' },
} as const;

describe('third-party SCORM packages, imported and played in a real browser', () => {
  const stack = useBrowserStack('scorm-import', {
    apiEnv: { MIRAI_CONTENT_ORIGIN: CONTENT_ORIGIN, MIRAI_CONTENT_PORT: String(contentPort) },
    appEnv: { MIRAI_CONTENT_ORIGIN: CONTENT_ORIGIN },
  });

  /**
   * Leaving the Golf sample with its Exit button: SCORM 1.2 stays on the lesson (the status line
   * says what was saved); SCORM 2004 issues adl.nav.request suspendAll/exitAll, which returns to the course page.
   */
  async function exitAndWaitForSave(
    page: Page,
    sco: FrameLocator,
    version: keyof typeof VERSIONS,
    courseId: string,
    expected: RegExp,
  ): Promise<void> {
    await sco.locator('#butExit').click();
    if (version === '1.2') await expect.poll(() => page.getByTestId('scorm-status').textContent(), { timeout: 20_000 }).toMatch(expected);
    else await page.waitForURL(new RegExp(`/learn/${courseId}$`), { timeout: 20_000 });
  }

  for (const version of ['1.2', '2004'] as const)
    it(`SCORM ${version}: imports as an author, plays, suspends, resumes on another device, passes, and shows in the learner report`, {
      timeout: 420_000,
    }, async () => {
      const { app, api, browser, contexts } = stack.get();
      const stamp = Date.now();
      const authorEmail = `scorm-author-${version}-${stamp}@example.org`;
      const author = await signUp(api.url, authorEmail);

      // The author uploads the zip through the import page (presigned PUT, then the check and import).
      const authorContext = await browser.newContext();
      contexts.push(authorContext);
      const authorPage = await authorContext.newPage();
      await signInThroughForm(authorPage, app.url, { email: authorEmail, password: PASSWORD });
      await authorPage.goto(`${app.url}/courses/import-scorm`);
      await authorPage.getByRole('heading', { level: 1, name: 'Import a SCORM package' }).waitFor();
      const broken = zipScormFolder(VERSIONS[version].folder, (files) => delete files['Playing/Par.html']);
      await authorPage.getByLabel('Package (.zip)').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from(broken) });
      await expect(authorPage.getByRole('alert').filter({ hasText: 'Playing/Par.html' }).textContent()).resolves.toContain('does not contain');
      const zip = zipScormFolder(VERSIONS[version].folder);
      await authorPage.getByLabel('Package (.zip)').setInputFiles({ name: 'golf.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
      await authorPage.waitForURL(/\/courses\/[0-9a-f-]{36}\/edit/);
      const courseId = /\/courses\/([0-9a-f-]{36})\//.exec(authorPage.url())?.[1] ?? '';
      expect((await author.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` })).status).toBe(200);

      const learnerEmail = `scorm-learner-${version}-${stamp}@example.org`;
      const invitation = (
        await author.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
      ).body as { token: string };
      const joined = await fetch(`${api.url}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: learnerEmail, password: PASSWORD, invitationToken: invitation.token }),
      });
      expect(joined.status).toBe(201);

      // First device: enrol, read two pages, leave with "save my progress".
      const laptop = await browser.newContext();
      contexts.push(laptop);
      const page = await laptop.newPage();
      page.on('dialog', (dialog) => void dialog.accept());
      await learnerSignsIn(page, app.url, learnerEmail);
      await enrolFromCatalogue(page, app.url, VERSIONS[version].title);
      const lessonUrl = page.url();
      const sco = golf(page);
      await sco.locator('#butNext').click();
      await sco.locator('#butNext').click();
      await expect.poll(() => sco.locator('#contentFrame').getAttribute('src')).toBe('../Playing/Scoring.html');

      // The package's own scripts run on the content origin: no app cookie there, and the API refuses them.
      const contentFrame = page.frames().find((frame) => frame.url().startsWith(`${CONTENT_ORIGIN}/scorm/`));
      if (contentFrame === undefined) throw new Error('the SCO is not framed from the content origin');
      const probe = await contentFrame.evaluate(async (apiUrl) => {
        const attempt = await fetch(`${apiUrl}/v1/me`, { credentials: 'include' }).then(
          (response) => `status ${response.status}`,
          (error: unknown) => `blocked: ${String(error)}`,
        );
        return { cookies: document.cookie, attempt, origin: location.origin };
      }, api.url);
      expect(probe).toMatchObject({ cookies: '', origin: CONTENT_ORIGIN });
      expect(probe.attempt).toMatch(/^blocked/);

      await exitAndWaitForSave(page, sco, version, courseId, /Saved: incomplete/);

      // Second device: the launch resumes at the bookmark; finish the pages and pass the test.
      const phone = await browser.newContext();
      contexts.push(phone);
      const second = await phone.newPage();
      second.on('dialog', (dialog) => void dialog.accept());
      await learnerSignsIn(second, app.url, learnerEmail);
      // A slow phone: the lesson page's scripts arrive only after the player's frame has loaded and
      // said it is ready, so the page hydrates after that message. (Routing turns the cache off, so
      // the scripts the sign-in page loaded are fetched again.)
      await phone.route(/\/assets\/.*\.js$/, async (route) => {
        const launcher = await launcherFrame(second);
        await launcher.waitForLoadState('load');
        await route.continue();
      });
      await second.goto(lessonUrl);
      await second.locator('#lesson-heading').waitFor();
      await expect.poll(() => second.getByTestId('scorm-status').textContent()).toContain('Resuming');
      await phone.unrouteAll({ behavior: 'ignoreErrors' });
      const resumed = golf(second);
      await expect.poll(() => resumed.locator('#contentFrame').getAttribute('src')).toBe('../Playing/Scoring.html');
      for (let at = 2; at < 14; at++) await resumed.locator('#butNext').click();
      await expect.poll(() => resumed.locator('#contentFrame').getAttribute('src')).toContain('assessmenttemplate.html');
      const test = resumed.frameLocator('#contentFrame');
      await test.locator('input[type=button][value="Submit Answers"]').waitFor();
      for (const radio of await test.locator('.correctAnswer input[type=radio]').all()) await radio.check();
      for (const numeric of await test.locator('.correctAnswer:has(input[type=text])').all()) {
        const answer = /\(([^)]+)\)/.exec((await numeric.textContent()) ?? '')?.[1] ?? '';
        await numeric.locator('input[type=text]').fill(answer);
      }
      await test.locator('input[type=button][value="Submit Answers"]').click();
      await exitAndWaitForSave(second, resumed, version, courseId, /Saved: completed, passed, score 100 %, lesson completed/);

      // The author's learner report counts the lesson completed with the SCO's score.
      await expect
        .poll(
          async () => {
            await openLearnerReport(authorPage, app.url, courseId);
            const row = authorPage.locator(`tr[data-learner="${learnerEmail}"]`);
            await row.waitFor();
            return (await row.locator('td').allTextContents()).join(' | ');
          },
          { timeout: 20_000 },
        )
        .toMatch(/^1 of 1.*100\/100 \(passed\)/);
    });
});
