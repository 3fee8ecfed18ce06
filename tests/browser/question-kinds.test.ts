import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { courseWithOutline, signUp, waitForJob } from '../support/generation-client.ts';
import { DESKTOP, PHONE, screenshotBothWidths } from './journeys/admin-steps.ts';
import { waitUntilSaved } from './journeys/author-steps.ts';
import { enrolFromCatalogue, signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';
const COURSE_TITLE = 'Safe manual handling';

/** The quiz the author starts from: the last two steps in the wrong order, one pair wrong. */
const ORDER_MATCH_QUIZ = {
  id: 'order-match',
  type: 'quiz',
  questions: [
    {
      id: 'steps',
      kind: 'ordering',
      prompt: 'Put the steps of a safe lift in order.',
      items: ['Plan the lift', 'Get a firm grip', 'Put the load down', 'Lift with the legs'],
      explanation: 'Plan, grip, lift, set down.',
    },
    {
      id: 'tile',
      kind: 'matching',
      prompt: 'Match each TILE letter with what it stands for.',
      pairs: [
        { left: 'T', right: 'Task' },
        { left: 'I', right: 'Individual' },
        { left: 'L', right: 'Lift' },
      ],
      explanation: 'Task, Individual, Load, Environment.',
    },
  ],
};
const RIGHT_ORDER = ['Plan the lift', 'Get a firm grip', 'Lift with the legs', 'Put the load down'];

/** Moves an ordering item up or down with the keyboard: focus its button, press Enter. */
async function pressMove(page: Page, text: string, direction: 'up' | 'down'): Promise<void> {
  await page.getByRole('button', { name: `Move “${text}” ${direction}` }).focus();
  await page.keyboard.press('Enter');
}

/** Arranges the ordering question into `wanted` with the keyboard only (a bubble sort over the move buttons). */
async function arrangeByKeyboard(page: Page, wanted: string[]): Promise<void> {
  for (let round = 0; round < wanted.length * wanted.length; round++) {
    const shown = await page.getByTestId('ordering-item').locator('.lb-order__text').allTextContents();
    const misplaced = shown.findIndex((text, i) => i > 0 && wanted.indexOf(text) < wanted.indexOf(shown[i - 1] ?? ''));
    if (misplaced < 0) return;
    const text = shown[misplaced] ?? '';
    await pressMove(page, text, 'up');
    // Focus stays on the moved item, so a keyboard user can keep moving it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(`“${text}”`);
  }
  throw new Error('the items did not reach the wanted order');
}

describe('ordering and matching questions and the pass mark, in a real browser', () => {
  const stack = useBrowserStack('question-kinds');

  async function newPage(viewport: typeof DESKTOP): Promise<Page> {
    const { browser, contexts } = stack.get();
    const phone = viewport.width === PHONE.width;
    const context = await browser.newContext(phone ? { viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport });
    contexts.push(context);
    return context.newPage();
  }

  it('an author sets the pass mark and fixes an ordering and a matching question; a learner answers them with the keyboard', async () => {
    const { app, api } = stack.get();
    const stamp = Date.now();
    const ownerEmail = `author-${stamp}@example.org`;
    const owner = await signUp(api.url, ownerEmail);
    const courseId = await courseWithOutline(owner, 1, 1);
    const { jobId } = (await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons` })).body as { jobId: string };
    const job = await waitForJob(owner, jobId);
    if (job.status !== 'completed') throw new Error(`lesson generation failed: ${job.error}`);
    const outline = (await owner.call({ method: 'GET', url: `/v1/courses/${courseId}/outline` })).body as {
      modules: Array<{ lessons: Array<{ id: string }> }>;
    };
    const lessonId = outline.modules[0]?.lessons[0]?.id ?? '';
    const blocks = [{ id: 'intro', type: 'heading', level: 2, text: 'Lifting in order' }, ORDER_MATCH_QUIZ];
    const saved = await owner.call({ method: 'PUT', url: `/v1/lessons/${lessonId}/blocks`, payload: { blocks } });
    if (saved.status !== 200) throw new Error(`saving the quiz failed: ${JSON.stringify(saved.body)}`);

    // The author: pass mark 100 %, then the ordering and matching questions fixed in the editor.
    const author = await newPage(DESKTOP);
    const authorPhone = await newPage(PHONE);
    await signInThroughForm(author, app.url, { email: ownerEmail, password: PASSWORD });
    await signInThroughForm(authorPhone, app.url, { email: ownerEmail, password: PASSWORD });
    await author.goto(`${app.url}/courses/${courseId}/edit/${lessonId}`);
    await author.getByTestId('block-card').first().waitFor();
    await expect(author.getByLabel('Quiz pass mark (%)').inputValue()).resolves.toBe('70');
    await author.getByLabel('Quiz pass mark (%)').fill('100');
    await author.getByRole('button', { name: 'Save pass mark' }).click();
    await author.getByText('Saved: learners pass a quiz with 100 %.').waitFor();

    const quiz = author.locator('[data-testid="block-card"][data-block-type="quiz"]');
    await expect(quiz.getByLabel('Question type').first().inputValue()).resolves.toBe('ordering');
    await quiz.getByRole('button', { name: 'Move item 4 up' }).click();
    await expect(quiz.getByLabel('Item 3', { exact: true }).inputValue()).resolves.toBe('Lift with the legs');
    await quiz.getByLabel('Pair 3 match').fill('Load');
    await waitUntilSaved(author);
    await expectAccessible(author, 'editor with ordering and matching questions');
    await authorPhone.goto(author.url());
    await authorPhone.getByTestId('block-card').first().waitFor();
    await screenshotBothWidths(author, authorPhone, 'question-kinds-editor');

    const stored = (await owner.call({ method: 'GET', url: `/v1/lessons/${lessonId}` })).body as {
      content: { blocks: Array<{ type: string; questions?: Array<{ items?: string[]; pairs?: Array<{ right: string }> }> }> };
    };
    const storedQuiz = stored.content.blocks.find((block) => block.type === 'quiz');
    expect(storedQuiz?.questions?.[0]?.items).toEqual(RIGHT_ORDER);
    expect(storedQuiz?.questions?.[1]?.pairs?.map((pair) => pair.right)).toEqual(['Task', 'Individual', 'Load']);
    const course = (await owner.call({ method: 'GET', url: `/v1/courses/${courseId}` })).body as { passMark: number };
    expect(course.passMark).toBe(100);
    const published = await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` });
    if (published.status !== 200) throw new Error(`publishing failed: ${JSON.stringify(published.body)}`);

    // A learner joins, enrols and answers: first one match wrong (not passed at 100 %), then all right.
    const learnerEmail = `learner-${stamp}@example.org`;
    const invitation = (
      await owner.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
    ).body as { token: string };
    const joined = await fetch(`${api.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: learnerEmail, password: PASSWORD, invitationToken: invitation.token }),
    });
    if (joined.status !== 201) throw new Error(`learner sign-up failed: ${joined.status} ${await joined.text()}`);
    const page = await newPage(DESKTOP);
    const phonePage = await newPage(PHONE);
    await signInThroughForm(page, app.url, { email: learnerEmail, password: PASSWORD });
    await signInThroughForm(phonePage, app.url, { email: learnerEmail, password: PASSWORD });
    await enrolFromCatalogue(page, app.url, COURSE_TITLE);

    const shown = await page.getByTestId('ordering-item').locator('.lb-order__text').allTextContents();
    expect([...shown].sort()).toEqual([...RIGHT_ORDER].sort());
    expect(shown, 'the items are not shown in the right order').not.toEqual(RIGHT_ORDER);
    await expectAccessible(page, 'lesson with ordering and matching questions');
    await phonePage.goto(page.url());
    await phonePage.getByTestId('ordering-item').first().waitFor();
    await screenshotBothWidths(page, phonePage, 'question-kinds-learner');

    await arrangeByKeyboard(page, RIGHT_ORDER);
    await expect(page.getByTestId('ordering-item').locator('.lb-order__text').allTextContents()).resolves.toEqual(RIGHT_ORDER);
    const answer = async (matches: Record<string, string>) => {
      for (const [left, right] of Object.entries(matches)) {
        await page.getByLabel(left, { exact: true }).focus();
        await page.getByLabel(left, { exact: true }).selectOption({ label: right });
      }
    };
    await answer({ T: 'Individual', I: 'Task', L: 'Load' });
    await page.getByRole('button', { name: 'Check answers' }).click();
    const summary = page.getByTestId('quiz-summary');
    await expect(summary.textContent()).resolves.toContain('1 of 2 correct.');
    await expect(summary.textContent()).resolves.toContain('You need 100 % to pass.');
    await expect(page.getByText('Right match: Task').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'graded ordering and matching questions');

    await page.getByRole('button', { name: 'Try again' }).click();
    await arrangeByKeyboard(page, RIGHT_ORDER);
    await answer({ T: 'Task', I: 'Individual', L: 'Load' });
    await page.getByRole('button', { name: 'Check answers' }).focus();
    await page.keyboard.press('Enter');
    await summary.filter({ hasText: 'Quiz passed (pass mark 100 %).' }).waitFor();
    await expect(summary.textContent()).resolves.toContain('2 of 2 correct.');
    await phonePage.reload();
    await phonePage.getByTestId('ordering-item').first().waitFor();
    await screenshotBothWidths(page, phonePage, 'question-kinds-result');
  }, 300_000);
});
