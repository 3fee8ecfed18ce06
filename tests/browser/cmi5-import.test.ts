import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { THIRD_PARTY_CMI5, zipScormFolder } from '@mirai/core/testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser-stack.ts';
import { freePort } from '../support/free-port.ts';
import { signUp } from '../support/generation-client.ts';
import { repoRoot } from '../support/paths.ts';
import { enrolFromCatalogue, openLearnerReport, signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';
const contentPort = await freePort();
// Another host than the app's 127.0.0.1, so not even the app's cookies reach AU files.
const CONTENT_ORIGIN = `http://localhost:${contentPort}`;
const CATAPULT_TITLE = 'Introduction to Geology - Responsive Style - Mastery Score';

/** A CourseDocument (@mirai/sdk-plugin) for Mirai's own cmi5 exporter: one lesson with a two-question quiz. */
const miraiCourse = {
  id: 'cmi5-roundtrip',
  title: 'Lifting check (Mirai cmi5 export)',
  desiredOutcome: 'Learners lift safely.',
  language: 'en',
  modules: [
    {
      id: 'module-1',
      title: 'Lifting',
      lessons: [
        {
          id: 'lesson-1',
          title: 'Lifting check',
          objectives: ['Recall TILE'],
          blocks: [
            { id: 'b1', type: 'markdown', markdown: 'Use **TILE** before every lift.' },
            {
              id: 'b2',
              type: 'quiz',
              questions: [
                {
                  id: 'q1',
                  kind: 'multiple',
                  prompt: 'Which are in TILE?',
                  choices: ['Task', 'Time', 'Load'],
                  answerIndices: [0, 2],
                  explanation: 'Task, Load.',
                },
                { id: 'q2', kind: 'true-false', prompt: 'L in TILE is Light.', answer: false, explanation: 'Load.' },
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** Mirai's cmi5 exporter writes the package (plugins/export-cmi5/scripts/write-package.ts); zipped as an author would. */
async function miraiExport(workDir: string): Promise<Uint8Array> {
  const coursePath = path.join(workDir, 'course.json');
  const packageDir = path.join(workDir, 'package');
  writeFileSync(coursePath, JSON.stringify(miraiCourse));
  await promisify(execFile)(process.execPath, [path.join(repoRoot, 'plugins/export-cmi5/scripts/write-package.ts'), coursePath, packageDir]);
  return zipScormFolder(packageDir);
}

/**
 * Clicks `target` in the CATAPULT AU. Its resume overlay can come up at any time after the AU reads
 * its state (asynchronously, so also after a first click went through) and then covers the page:
 * it is dismissed, starting from the beginning, whenever it is up, until the click goes through.
 */
async function clickPastResumeOverlay(au: Page, target: Locator): Promise<void> {
  const attempt = async (): Promise<boolean> => {
    const restart = au.getByRole('button', { name: 'Restart From Beginning' });
    if (await restart.isVisible()) await restart.click({ timeout: 2_000 }).catch(() => undefined);
    return target.click({ timeout: 2_000 }).then(
      () => true,
      () => false,
    );
  };
  await expect.poll(attempt, { timeout: 60_000 }).toBe(true);
}

async function newPage(browser: Browser, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

describe('cmi5 courses imported and played in Mirai, with Mirai as the LRS', () => {
  const stack = useBrowserStack('cmi5-import', {
    apiEnv: { MIRAI_CONTENT_ORIGIN: CONTENT_ORIGIN, MIRAI_CONTENT_PORT: String(contentPort) },
    appEnv: { MIRAI_CONTENT_ORIGIN: CONTENT_ORIGIN },
  });
  const workDir = mkdtempSync(path.join(tmpdir(), 'mirai-cmi5-import-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('imports the CATAPULT course and a Mirai cmi5 export, refuses a broken one, resumes the CATAPULT AU from its bookmark on a second device, plays both to a result in the gradebook', {
    timeout: 420_000,
  }, async () => {
    const { app, api, browser, contexts } = stack.get();
    const stamp = Date.now();
    const authorEmail = `cmi5-author-${stamp}@example.org`;
    const author = await signUp(api.url, authorEmail);
    const authorPage = await newPage(browser, contexts);
    await signInThroughForm(authorPage, app.url, { email: authorEmail, password: PASSWORD });

    const importThroughPage = async (name: string, bytes: Uint8Array) => {
      await authorPage.goto(`${app.url}/courses/import-cmi5`);
      await authorPage.getByRole('heading', { level: 1, name: 'Import a cmi5 course' }).waitFor();
      await authorPage.getByLabel('cmi5 course (.zip or cmi5.xml)').setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(bytes) });
    };

    // A cmi5.xml the schema refuses: the message names the attribute.
    const broken = zipScormFolder(THIRD_PARTY_CMI5.catapultMasteryScore, (files) => {
      files['cmi5.xml'] = Buffer.from(
        Buffer.from(files['cmi5.xml'] ?? [])
          .toString('utf8')
          .replace('moveOn="CompletedOrPassed"', 'moveOn="Whenever"'),
      );
    });
    await importThroughPage('broken.zip', broken);
    await expect(authorPage.getByRole('alert').filter({ hasText: 'CourseStructure.xsd' }).textContent()).resolves.toContain('moveOn');

    const courseIds: string[] = [];
    for (const [name, bytes] of [
      ['catapult.zip', zipScormFolder(THIRD_PARTY_CMI5.catapultMasteryScore)],
      ['mirai-export.zip', await miraiExport(workDir)],
    ] as const) {
      await importThroughPage(name, bytes);
      await authorPage.waitForURL(/\/courses\/[0-9a-f-]{36}\/edit/);
      const courseId = /\/courses\/([0-9a-f-]{36})\//.exec(authorPage.url())?.[1] ?? '';
      expect((await author.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` })).status).toBe(200);
      courseIds.push(courseId);
    }

    const learnerEmail = `cmi5-learner-${stamp}@example.org`;
    const invitation = (
      await author.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
    ).body as { token: string };
    const joined = await fetch(`${api.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: learnerEmail, password: PASSWORD, invitationToken: invitation.token }),
    });
    expect(joined.status).toBe(201);
    const page = await newPage(browser, contexts);
    await signInThroughForm(page, app.url, { email: learnerEmail, password: PASSWORD });

    // The CATAPULT AU is OwnWindow: it opens in its own tab, from the content origin.
    await enrolFromCatalogue(page, app.url, CATAPULT_TITLE);
    const lessonUrl = page.url();
    const launchAu = async (from: Page): Promise<Page> => {
      await from.getByRole('button', { name: 'Start the activity' }).click();
      const opened = from.context().waitForEvent('page');
      await from.getByRole('link', { name: /in a new tab/ }).click();
      return opened;
    };
    const firstAu = await launchAu(page);
    /** The AU's write of its bookmark (the page it shows) to Mirai's State resource, answered. */
    const bookmarkWritten = (value: string) =>
      firstAu.waitForResponse(
        (response) =>
          response.url().includes('/activities/state') &&
          response.request().method() !== 'GET' &&
          (response.request().postData() ?? '').includes(`"bookmark":"${value}"`),
        { timeout: 60_000 },
      );
    // First device: the AU renders its menu at once, but opens (and bookmarks) its first page only
    // once it has initialised and read its empty bookmark; a page chosen before, or whose bookmark
    // raced that first write, would be overwritten. So wait for the first page's bookmark, then
    // read "Dating Methods" (page 5), then close the tab without exiting, as a learner whose laptop
    // ran out of battery.
    expect((await bookmarkWritten('1')).ok()).toBe(true);
    const bookmarked = bookmarkWritten('5');
    await clickPastResumeOverlay(firstAu, firstAu.locator('.navmenuitem', { hasText: 'Dating Methods' }));
    expect((await bookmarked).ok()).toBe(true);
    await firstAu.close();

    // Second device: the same learner signs in elsewhere; the AU offers the bookmark and resumes there.
    const secondDevice = await newPage(browser, contexts);
    await signInThroughForm(secondDevice, app.url, { email: learnerEmail, password: PASSWORD });
    await secondDevice.goto(lessonUrl);
    const au = await launchAu(secondDevice);
    await au.getByRole('button', { name: 'Resume From Bookmark' }).click({ timeout: 60_000 });
    await expect.poll(() => au.locator('.navmenuitem.current').textContent(), { timeout: 20_000 }).toBe('Dating Methods');
    // Every statement the AU sends must be accepted (a refusal would leave its result unrecorded).
    const refused: string[] = [];
    const refusedThirdParty: string[] = [];
    const watchLrs = (target: Page, into: string[]) =>
      target.on('response', (response) => {
        if (response.url().includes('/xapi/statements') && response.status() >= 400)
          void response.text().then((body) => into.push(`${response.request().method()} ${response.url()} ${response.status()} ${body}`));
      });
    watchLrs(au, refusedThirdParty);
    watchLrs(page, refused);
    watchLrs(secondDevice, refused);
    expect(new URL(au.url()).origin).toBe(CONTENT_ORIGIN);
    const fetchUrl = new URL(au.url()).searchParams.get('fetch') ?? '';
    // The AU may offer to resume from a bookmark once it has read its state (an overlay over the
    // page, shown after an asynchronous read): start from the beginning whenever it is up, then
    // take the quiz with the sample's own "select correct answers" button, until the pass shows.
    const passedText = au.getByText('You achieved a passing score.');
    const attempt = async (): Promise<boolean> => {
      const restart = au.getByRole('button', { name: 'Restart From Beginning' });
      if (await restart.isVisible()) await restart.click({ timeout: 2_000 }).catch(() => undefined);
      await au
        .locator('.navmenuitem', { hasText: 'Quiz' })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await au
        .getByRole('button', { name: /Select correct answers/ })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await au
        .getByRole('button', { name: 'Submit Answers' })
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      return passedText.isVisible();
    };
    await expect.poll(attempt, { timeout: 60_000 }).toBe(true);

    // From the content origin: the fetch URL, used already by the AU, answers cmi5's error 1; the rest of the API is out of reach.
    const probe = await au.evaluate(
      async ({ fetchUrl, apiUrl }) => {
        const replay = await fetch(fetchUrl, { method: 'POST' }).then((response) => response.json());
        const api = await fetch(`${apiUrl}/v1/me`, { credentials: 'include' }).then(
          (response) => `status ${response.status}`,
          (error: unknown) => `blocked: ${String(error)}`,
        );
        return { replay, api, cookies: document.cookie };
      },
      { fetchUrl, apiUrl: api.url },
    );
    expect(probe.replay).toEqual({ 'error-code': '1', 'error-text': 'Already in Use' });
    expect(probe.api).toMatch(/^blocked/);
    expect(probe.cookies).toBe('');
    await clickPastResumeOverlay(au, au.getByRole('button', { name: 'Exit the Course' }));

    // Mirai's own export is AnyWindow: it plays in a frame of the lesson page.
    await enrolFromCatalogue(page, app.url, miraiCourse.title);
    await page.getByRole('button', { name: 'Start the activity' }).click();
    const frame = page.frameLocator('iframe.scorm-player');
    await frame.getByText('Your progress is being recorded.').waitFor();
    for (const choice of ['Task', 'Load', 'False']) {
      const input = frame.getByLabel(choice, { exact: true });
      // By keyboard, as a learner without a mouse would.
      await input.focus();
      await input.press('Space');
      await expect.poll(() => input.isChecked(), { timeout: 5_000 }).toBe(true);
    }
    // The buttons by keyboard too: Playwright's mouse clicks into this cross-origin frame, once the
    // lesson page has scrolled it partly out of view, did not reach the button (no submit event).
    for (const name of ['Submit answers', 'Finish lesson', 'Exit']) {
      if (name === 'Finish lesson') await frame.getByText('You answered 2 of 2 correctly: passed.').first().waitFor();
      const button = frame.getByRole('button', { name, exact: true });
      await button.focus();
      await button.press('Enter');
    }

    // Mirai's own AU breaks no cmi5 rule. The third-party AU, when its "resume" overlay restarts it
    // within the same launch, may send a statement of a session it has not initialized: refused, as
    // cmi5 requires. Any other refusal of its statements fails the test.
    expect(refused).toEqual([]);
    if (refusedThirdParty.length > 0) console.info('third-party AU statements refused:', refusedThirdParty);
    expect(refusedThirdParty.filter((line) => !line.includes('must send \\"initialized\\" before any other statement'))).toEqual([]);
    // The author's learner reports: the AU's lesson completed, with its cmi5 result.
    for (const courseId of courseIds)
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
