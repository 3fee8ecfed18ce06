import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { courseWithOutline, type Session, signUp, waitForJob } from '../support/generation-client.ts';
import { DESKTOP, PHONE, screenshot, screenshotBothWidths } from './journeys/admin-steps.ts';
import {
  completeCurrentLesson,
  enrolAndCompleteFirstLesson,
  expectLearnerInReport,
  expectProgress,
  flipFirstFlashcard,
  lessonHasQuiz,
  openCatalogue,
  openLearnerReport,
  passQuizFromFeedback,
  signInThroughForm,
} from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';
const COURSE_TITLE = 'Safe manual handling';

/** A quiz of every question kind beyond one choice, added to the generated second lesson. */
const KINDS_QUIZ = {
  id: 'kinds',
  type: 'quiz',
  questions: [
    {
      id: 'bend',
      kind: 'multiple',
      prompt: 'Which of these bend when you lift?',
      choices: ['Knees', 'Back', 'Hips'],
      answerIndices: [0, 2],
      explanation: 'Knees and hips.',
    },
    { id: 'twist', kind: 'true-false', prompt: 'Twisting while lifting is safe.', answer: false, explanation: 'Turn with your feet.' },
    {
      id: 'keep',
      kind: 'short-answer',
      prompt: 'Where do you keep the load?',
      match: 'exact',
      answers: ['close to the body', 'close'],
      caseSensitive: false,
      explanation: 'Close.',
    },
  ],
};

/** Answers KINDS_QUIZ wrongly, reads the key the feedback shows, then answers it rightly with the keyboard. */
async function passKindsQuiz(page: Page, which: number): Promise<void> {
  const quiz = page.locator('[data-block-type="quiz"]').nth(which);
  await quiz.getByLabel('Knees', { exact: true }).check();
  await quiz.getByLabel('True', { exact: true }).check();
  await quiz.getByLabel('Your answer').fill('far away');
  await quiz.getByRole('button', { name: 'Check answers' }).click();
  await expect(quiz.getByTestId('quiz-summary').textContent()).resolves.toContain('0 of 3 correct.');
  await expect(quiz.locator('.lb-choice.is-correct label').allTextContents()).resolves.toEqual(['Knees', 'Hips', 'False']);
  await expect(quiz.getByText('Accepted answer: close to the body').isVisible()).resolves.toBe(true);
  await quiz.getByRole('button', { name: 'Try again' }).click();
  for (const label of ['Knees', 'Hips', 'False']) {
    const option = quiz.getByLabel(label, { exact: true });
    await option.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => option.isChecked(), { timeout: 10_000 }).toBe(true);
  }
  await quiz.getByLabel('Your answer').fill('  Close ');
  await quiz.getByRole('button', { name: 'Check answers' }).click();
  // The check goes through the API; on a loaded machine it can take a while. An error the quiz shows
  // (role=alert) ends the wait at once and is reported, so a failure says what the learner saw.
  const summaryOrAlert = quiz.getByTestId('quiz-summary').or(quiz.getByRole('alert'));
  await summaryOrAlert.first().waitFor({ timeout: 90_000 });
  const alert = quiz.getByRole('alert');
  if ((await alert.count()) > 0) throw new Error(`the quiz showed: ${(await alert.allTextContents()).join(' / ')}`);
  await expect(quiz.getByTestId('quiz-summary').textContent()).resolves.toContain('Quiz passed');
}

/** Through the API: a generated course (one module, two lessons) with a quiz of every kind added, published, and a learner invited into the organisation. */
async function publishedCourseWithLearner(
  apiUrl: string,
  stamp: number,
): Promise<{ owner: Session & { email: string }; courseId: string; learnerEmail: string }> {
  const ownerEmail = `author-${stamp}@example.org`;
  const owner = await signUp(apiUrl, ownerEmail);
  const courseId = await courseWithOutline(owner, 1, 2);
  const { jobId } = (await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/generate-lessons` })).body as { jobId: string };
  const job = await waitForJob(owner, jobId);
  if (job.status !== 'completed') throw new Error(`lesson generation failed: ${job.error}`);
  const outline = (await owner.call({ method: 'GET', url: `/v1/courses/${courseId}/outline` })).body as {
    modules: Array<{ lessons: Array<{ id: string }> }>;
  };
  const secondId = outline.modules[0]?.lessons[1]?.id ?? '';
  const second = (await owner.call({ method: 'GET', url: `/v1/lessons/${secondId}` })).body as { content: { blocks: object[] } };
  const saved = await owner.call({
    method: 'PUT',
    url: `/v1/lessons/${secondId}/blocks`,
    payload: { blocks: [...second.content.blocks, KINDS_QUIZ] },
  });
  if (saved.status !== 200) throw new Error(`adding the quiz of every kind failed: ${JSON.stringify(saved.body)}`);
  const published = await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` });
  if (published.status !== 200) throw new Error(`publishing failed: ${JSON.stringify(published.body)}`);

  const learnerEmail = `learner-${stamp}@example.org`;
  const invitation = (
    await owner.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
  ).body as {
    token: string;
  };
  const joined = await fetch(`${apiUrl}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: learnerEmail, password: PASSWORD, invitationToken: invitation.token }),
  });
  if (joined.status !== 201) throw new Error(`learner sign-up failed: ${joined.status} ${await joined.text()}`);
  return { owner: { ...owner, email: ownerEmail }, courseId, learnerEmail };
}

describe('a learner in a real browser', () => {
  const stack = useBrowserStack('learner');

  async function newContext(viewport: typeof DESKTOP): Promise<Page> {
    const { browser, contexts } = stack.get();
    const phone = viewport.width === PHONE.width;
    const context = await browser.newContext(phone ? { viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport });
    contexts.push(context);
    return context.newPage();
  }

  it('enrols, passes a quiz, completes lessons, and finds the progress after a reload and on another device', async () => {
    const { app, api } = stack.get();
    const appUrl = app.url;
    const { owner, courseId, learnerEmail } = await publishedCourseWithLearner(api.url, Date.now());
    const learner = { email: learnerEmail, password: PASSWORD };

    const page = await newContext(DESKTOP);
    const phonePage = await newContext(PHONE);
    await signInThroughForm(page, appUrl, learner);
    await signInThroughForm(phonePage, appUrl, learner);

    // The catalogue lists the published course; nothing is taken yet.
    await openCatalogue(page, appUrl);
    await expect(page.getByTestId('enrolments-empty').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('catalogue').getByRole('link', { name: COURSE_TITLE }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'learn catalogue');
    await screenshotBothWidths(page, phonePage, 'learn-catalogue');

    // Enrol, answer the quiz with feedback and explanations, flip a card, complete the first lesson.
    await openCatalogue(page, appUrl);
    const outcome = await enrolAndCompleteFirstLesson(page, appUrl, COURSE_TITLE);
    expect(outcome, 'the generated first lesson has a quiz').not.toBeNull();
    expect(outcome?.explanations.every((text) => /^(Correct|Not quite)\./.test(text))).toBe(true);
    console.log(`quiz: first attempt ${outcome?.firstAttempt.correct}/${outcome?.firstAttempt.total}, then passed`);
    // Completing the first lesson opened the second.
    expect(page.url()).toMatch(new RegExp(`/learn/${courseId}/[0-9a-f-]{36}$`));
    await expect(page.locator('.learn-outline__lesson[data-completed="true"]').count()).resolves.toBe(1);
    await expect(page.getByTestId('progress-text').first().textContent()).resolves.toBe('1 of 2 lessons complete');
    if ((await page.getByTestId('flashcard').count()) > 0) expect(await flipFirstFlashcard(page)).not.toBe('');
    await expectAccessible(page, 'lesson player');
    await screenshotBothWidths(page, phonePage, 'learn-lesson');

    // The quiz gate: the second lesson cannot be completed before its quiz is passed (if it has one).
    if (await lessonHasQuiz(page)) {
      await page.getByRole('button', { name: 'Complete the course' }).click();
      await page.getByTestId('complete-error').waitFor();
      await expect(page.getByTestId('complete-error').textContent()).resolves.toContain('Pass the quiz');
    }

    // Progress lives on the server: a reload and a second device (its own sign-in) see it.
    await page.reload();
    await expect(page.getByTestId('progress-text').first().textContent()).resolves.toBe('1 of 2 lessons complete');
    await expectProgress(page, appUrl, COURSE_TITLE, 1, 2);
    await expectProgress(phonePage, appUrl, COURSE_TITLE, 1, 2);
    await screenshot(phonePage, 'learn-progress-phone');

    // The course overview.
    await page.goto(`${appUrl}/learn/${courseId}`);
    await page.locator('#course-heading').waitFor();
    await expectAccessible(page, 'course overview');
    await screenshotBothWidths(page, phonePage, 'learn-course');

    // The author sees the learner, the completed lesson and the passed quiz.
    const authorPage = await newContext(DESKTOP);
    await signInThroughForm(authorPage, appUrl, { email: owner.email, password: PASSWORD });
    await openLearnerReport(authorPage, appUrl, courseId);
    await expectLearnerInReport(authorPage, learnerEmail, 1);
    await expectAccessible(authorPage, 'learner report');
    const authorPhone = await newContext(PHONE);
    await signInThroughForm(authorPhone, appUrl, { email: owner.email, password: PASSWORD });
    await screenshotBothWidths(authorPage, authorPhone, 'course-learners');

    // Finishing the second lesson completes the course.
    await page.goto(`${appUrl}/learn/${courseId}`);
    await page.getByRole('link', { name: 'Continue where you left off' }).click();
    await page.locator('#lesson-heading').waitFor();
    const quizzes = await page.locator('[data-block-type="quiz"]').count();
    if (quizzes > 1) await passQuizFromFeedback(page);
    await passKindsQuiz(page, quizzes - 1);
    await completeCurrentLesson(page);
    await page.getByTestId('course-complete').waitFor();
    await expectProgress(page, appUrl, COURSE_TITLE, 2, 2);
  }, 300_000);
});
