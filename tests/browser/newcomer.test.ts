import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { mailedTokenFor } from '../support/dev-mailbox.ts';
import { DESKTOP, phoneContextLike, screenshotBothWidths } from './journeys/admin-steps.ts';
import { signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';

/** The owner works through the API except where the browser is what is being tested. */
async function api<T>(baseUrl: string, path: string, body: unknown, token?: string, method = 'POST'): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe('what a newcomer meets in the app', () => {
  const stack = useBrowserStack('newcomer');

  it('links the learners page from the editor, fits a quiz on a phone, states what publishing would change, and an invited learner joins by mail into /learn with only the links a learner may use', async () => {
    const { api: running, app, browser, contexts, dataDir } = stack.get();
    const stamp = Date.now();
    const ownerEmail = `owner-${stamp}@example.org`;
    const owner = await api<{ token: string }>(running.url, '/v1/auth/signup', {
      email: ownerEmail,
      password: PASSWORD,
      tenantName: 'Harbour Logistics',
    });
    const course = await api<{ id: string }>(running.url, '/v1/courses', { title: 'Forklift basics' }, owner.token);
    const outline = await api<{ modules: Array<{ lessons: Array<{ id: string }> }> }>(
      running.url,
      `/v1/courses/${course.id}/outline`,
      { modules: [{ title: 'Basics', lessons: [{ title: 'Carrying a load', objectives: ['Keep the load close'] }] }] },
      owner.token,
      'PUT',
    );
    const lessonId = outline.modules[0]?.lessons[0]?.id ?? '';
    const quiz = {
      id: 'check',
      type: 'quiz',
      questions: [
        {
          id: 'q1',
          prompt: 'Where do you keep the load when you lift a heavy box from the floor?',
          choices: ['Far away from the body, at arm length', 'Close to the waist, between the knees and the chest'],
          answerIndex: 1,
          explanation: 'Close loads strain the back less.',
        },
      ],
    };
    await api(running.url, `/v1/lessons/${lessonId}/blocks`, { blocks: [quiz] }, owner.token, 'PUT');

    // The owner: the favicon is linked and served, Admin is offered, and the learners page is one link away from the editor.
    const ownerContext = await browser.newContext({ viewport: DESKTOP });
    contexts.push(ownerContext);
    const ownerPage = await ownerContext.newPage();
    await signInThroughForm(ownerPage, app.url, { email: ownerEmail, password: PASSWORD });
    expect(await ownerPage.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    const favicon = await ownerPage.request.get(`${app.url}/favicon.svg`);
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()['content-type']).toContain('image/svg+xml');
    // The header can render after sign-in has returned: wait for the link, then count it.
    const adminLink = ownerPage.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Admin' });
    await adminLink.first().waitFor();
    await expect(adminLink.count()).resolves.toBe(1);
    await ownerPage.goto(`${app.url}/courses/${course.id}/edit`);
    await ownerPage.getByRole('link', { name: 'Learners and progress' }).click();
    await ownerPage.waitForURL(`${app.url}/courses/${course.id}/learners`);
    await ownerPage.getByRole('heading', { level: 1, name: 'Learners of Forklift basics' }).waitFor();

    // On a 390 px phone the editor fits the screen and shows every quiz answer whole (they wrap).
    const ownerPhone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(ownerPhone);
    await ownerPhone.addCookies(await ownerContext.cookies());
    const editorPhone = await ownerPhone.newPage();
    await editorPhone.goto(`${app.url}/courses/${course.id}/edit/${lessonId}`);
    await editorPhone.getByLabel('Answer 2', { exact: true }).waitFor();
    const fit = await editorPhone.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      // 3 fields: the question and its two answers; none scrolls inside itself.
      fields: document.querySelectorAll('#q1-prompt, [id^="q1-choice-"]').length,
      cut: Array.from(document.querySelectorAll<HTMLElement>('#q1-prompt, [id^="q1-choice-"]'))
        .filter((field) => field.scrollWidth > field.clientWidth + 1 || field.scrollHeight > field.clientHeight + 1)
        .map((field) => field.id),
    }));
    expect(fit).toEqual({ overflow: 0, fields: 3, cut: [] });
    const editorDesktop = await ownerPage.context().newPage();
    await editorDesktop.goto(`${app.url}/courses/${course.id}/edit/${lessonId}`);
    await editorDesktop.getByLabel('Answer 2', { exact: true }).waitFor();
    await expectAccessible(editorDesktop, 'editor with a quiz');
    const ownerPhoneShots = await phoneContextLike(browser, ownerContext);
    contexts.push(ownerPhoneShots);
    await screenshotBothWidths(editorDesktop, await ownerPhoneShots.newPage(), 'newcomer-editor-quiz');

    // Publishing state: right after publishing there is nothing to publish; an accepted change is named, with Publish.
    await api(running.url, `/v1/courses/${course.id}/publish`, {}, owner.token);
    await editorDesktop.goto(`${app.url}/courses/${course.id}/preview`);
    const state = editorDesktop.getByTestId('publication-status');
    await expect(state.textContent()).resolves.toMatch(/^Published on \d{4}-\d{2}-\d{2}; learners see it as it is now\.$/);
    await expect(editorDesktop.getByRole('button', { name: /^Publish/ }).count()).resolves.toBe(0);
    await api(
      running.url,
      `/v1/lessons/${lessonId}/blocks`,
      { blocks: [{ id: 'intro', type: 'markdown', markdown: 'Keep it close.' }, quiz] },
      owner.token,
      'PUT',
    );
    await editorDesktop.reload();
    await expect(state.textContent()).resolves.toMatch(/Changed since: 1 lesson\. Learners see these changes once you publish\.$/);
    await ownerPage.goto(`${app.url}/courses/${course.id}/edit`);
    await expect(ownerPage.locator('.editor-layout__header .tag').textContent()).resolves.toBe('Published, changes not yet published');
    const cardTag = ownerPage.getByTestId('course-card').locator('.tag');
    await ownerPage.goto(`${app.url}/dashboard`);
    await expect(cardTag.textContent()).resolves.toBe('Published, changes not yet published');
    await editorDesktop.getByRole('button', { name: 'Publish these changes' }).click();
    await editorDesktop.getByTestId('publish-result').waitFor();
    await editorDesktop.waitForFunction(() => document.querySelector('[data-testid="publication-status"]')?.textContent?.endsWith('as it is now.'));
    await expect(editorDesktop.getByRole('button', { name: /^Publish/ }).count()).resolves.toBe(0);
    await expectAccessible(editorDesktop, 'preview after publishing');
    await ownerPage.reload();
    await expect(cardTag.textContent()).resolves.toBe('Published');

    // The invitation is mailed; its link opens a page that names the organisation and fills in the address.
    const learnerEmail = `learner-${stamp}@example.org`;
    await api(running.url, '/v1/invitations', { email: learnerEmail, role: 'learner' }, owner.token);
    const token = await mailedTokenFor(dataDir, learnerEmail, 'join');
    const learnerContext = await browser.newContext({ viewport: DESKTOP });
    contexts.push(learnerContext);
    const page = await learnerContext.newPage();
    await page.goto(`${app.url}/join?token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'Join Harbour Logistics' }).waitFor();
    await expect(page.getByTestId('invitation-offer').textContent()).resolves.toContain(learnerEmail);
    await expect(page.getByLabel('Email').inputValue()).resolves.toBe(learnerEmail);
    await expectAccessible(page, '/join (mailed invitation)');
    const phoneContext = await phoneContextLike(browser, learnerContext);
    contexts.push(phoneContext);
    const phonePage = await phoneContext.newPage();
    await screenshotBothWidths(page, phonePage, 'newcomer-join');

    // Joining lands on the learner's own first screen, with no author or admin links.
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.waitForURL(`${app.url}/learn`);
    await page.getByRole('heading', { level: 1, name: 'My learning' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Account' });
    await nav.getByRole('link', { name: 'Learn' }).first().waitFor();
    await expect(nav.getByRole('link', { name: 'Learn' }).count()).resolves.toBe(1);
    await expect(nav.getByRole('link', { name: 'Admin' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Dashboard' }).count()).resolves.toBe(0);
    // The dashboard, reached by its address, sends a learner to the same place.
    await page.goto(`${app.url}/dashboard`);
    await page.waitForURL(`${app.url}/learn`);
    await expectAccessible(page, '/learn (a learner who just joined)');
    await phoneContext.addCookies(await learnerContext.cookies());
    await screenshotBothWidths(page, phonePage, 'newcomer-learner-first-screen');
  });
});
