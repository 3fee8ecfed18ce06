import { MIRAI_SEQUENCING_SAMPLE, zipScormFolder } from '@mirai/core/testing';
import type { FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser-stack.ts';
import { freePort } from '../support/free-port.ts';
import { signUp } from '../support/generation-client.ts';
import { enrolFromCatalogue, signInThroughForm } from './journeys/learner-steps.ts';

// The package is Mirai's own test package mirroring ADL's sequencing examples (see its SOURCE.md), not ADL's.
const PASSWORD = 'correct horse battery';
const contentPort = await freePort();
const CONTENT_ORIGIN = `http://localhost:${contentPort}`;

/** The test SCO, inside the launcher, inside the app's player frame. */
const scoOf = (page: Page): FrameLocator => page.frameLocator('iframe.scorm-player').frameLocator('iframe');

async function scoReady(page: Page, name: string): Promise<FrameLocator> {
  const sco = scoOf(page);
  await expect.poll(() => sco.locator('#sco-name').textContent(), { timeout: 20_000 }).toBe(name);
  await sco.locator('body[data-ready="true"]').waitFor();
  return sco;
}

async function pass(page: Page, sco: FrameLocator, score: string): Promise<void> {
  await sco.locator('#score').fill(score);
  await sco.locator('#pass').click();
  // The status line keeps the previous lesson's answer until this one's commit is saved: wait for this score.
  await expect
    .poll(() => page.getByTestId('scorm-status').textContent(), { timeout: 20_000 })
    .toContain(`score ${Math.round(Number(score) * 100)} %`);
}

describe('SCORM 2004 sequencing in the player', () => {
  const stack = useBrowserStack('scorm-sequencing', {
    apiEnv: { MIRAI_CONTENT_ORIGIN: CONTENT_ORIGIN, MIRAI_CONTENT_PORT: String(contentPort) },
    appEnv: { MIRAI_CONTENT_ORIGIN: CONTENT_ORIGIN },
  });

  it('answers adl.nav.request_valid, follows the SCO’s requests and the rules in the lesson list and buttons', async () => {
    const { app, api, browser, contexts } = stack.get();
    const stamp = Date.now();
    const author = await signUp(api.url, `seq-author-${stamp}@example.org`);
    const authorContext = await browser.newContext();
    contexts.push(authorContext);
    const authorPage = await authorContext.newPage();
    await signInThroughForm(authorPage, app.url, { email: `seq-author-${stamp}@example.org`, password: PASSWORD });
    await authorPage.goto(`${app.url}/courses/import-scorm`);
    const zip = zipScormFolder(MIRAI_SEQUENCING_SAMPLE);
    await authorPage.getByLabel('Package (.zip)').setInputFiles({ name: 'sequencing.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await authorPage.waitForURL(/\/courses\/[0-9a-f-]{36}\/edit/);
    const courseId = /\/courses\/([0-9a-f-]{36})\//.exec(authorPage.url())?.[1] ?? '';
    expect((await author.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` })).status).toBe(200);

    const learnerEmail = `seq-learner-${stamp}@example.org`;
    const invitation = (
      await author.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
    ).body as {
      token: string;
    };
    const joined = await fetch(`${api.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: learnerEmail, password: PASSWORD, invitationToken: invitation.token }),
    });
    expect(joined.status).toBe(201);

    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await signInThroughForm(page, app.url, { email: learnerEmail, password: PASSWORD });
    await enrolFromCatalogue(page, app.url, 'Mirai Sequencing Sample');

    // The pretest: continue is valid, previous is not; the appendix is hidden and the post-test disabled in the list.
    let sco = await scoReady(page, 'pretest');
    await expect.poll(() => sco.locator('#can-continue').textContent()).toBe('true');
    expect(await sco.locator('#can-previous').textContent()).toBe('false');
    const list = page.getByTestId('lesson-list');
    await expect.poll(() => list.locator('li.learn-outline__lesson').count()).toBe(4);
    expect(await list.getByText('Appendix').count()).toBe(0);
    expect(await list.locator('[data-sequencing-disabled="true"]').allTextContents()).toEqual(['Post-test']);
    expect(await page.getByRole('link', { name: 'Previous lesson' }).count()).toBe(0);

    // Failing the pretest, the SCO's continue request leads into the content.
    await pass(page, sco, '0.5');
    await sco.locator('#continue').click();
    await page.getByRole('heading', { level: 1, name: 'Lesson 1' }).waitFor({ timeout: 20_000 });
    sco = await scoReady(page, 'lesson1');
    expect(await sco.locator('#can-previous').textContent()).toBe('false');
    await pass(page, sco, '1');

    // The player's Next sends a continue request; lesson 2 satisfied opens the post-test.
    await page.getByRole('link', { name: 'Next lesson' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lesson 2' }).waitFor({ timeout: 20_000 });
    sco = await scoReady(page, 'lesson2');
    await pass(page, sco, '0.9');
    await sco.locator('#continue').click();
    await page.getByRole('heading', { level: 1, name: 'Appendix' }).waitFor({ timeout: 20_000 });
    await scoReady(page, 'appendix');
    // Back into the forwardOnly content is not offered; the post-test now is.
    await expect
      .poll(() => page.getByTestId('lesson-list').locator('[data-sequencing-disabled="true"]').allTextContents())
      .toEqual(['Pretest', 'Lesson 1', 'Lesson 2']);
    await page.getByTestId('lesson-list').getByRole('link', { name: 'Post-test' }).click();
    await page.getByRole('heading', { level: 1, name: 'Post-test' }).waitFor({ timeout: 20_000 });
    sco = await scoReady(page, 'posttest');

    // Passing the post-test satisfies the root; its exitAll post-condition returns to the course page, completed.
    await pass(page, sco, '0.85');
    await sco.locator('#exit-all').click();
    await page.waitForURL(new RegExp(`/learn/${courseId}$`), { timeout: 20_000 });
    await expect
      .poll(async () => {
        const { items } = (await author.call({ method: 'GET', url: `/v1/courses/${courseId}/enrolments` })).body as {
          items: Array<{ email: string; completedAt: string | null }>;
        };
        return items.find((item) => item.email === learnerEmail)?.completedAt ?? null;
      })
      .not.toBeNull();
  });
});
