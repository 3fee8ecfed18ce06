import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { answerWith, guess, type QuestionKey, readKey } from './quiz-answers.ts';

/**
 * Reusable learner steps through the web app (catalogue, enrolment, lesson player, progress,
 * author's learner report), for this and other browser journeys. Each step waits for the page it
 * leads to and throws with a message saying what was not as expected.
 */

export interface LearnerAccount {
  email: string;
  password: string;
}

export interface QuizOutcome {
  /** Score of the first attempt (every question answered with its first choice). */
  firstAttempt: { correct: number; total: number };
  /** Explanations shown after the first attempt, one per question. */
  explanations: string[];
}

function fail(message: string): never {
  throw new Error(message);
}

export async function signInThroughForm(page: Page, baseUrl: string, account: LearnerAccount): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Learners start on their courses, other roles on the dashboard.
  await page.waitForURL(new RegExp(`^${baseUrl}/(dashboard|learn)$`));
}

/** Opens /learn (my courses and the catalogue). */
export async function openCatalogue(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/learn`);
  await page.getByRole('heading', { level: 1, name: 'My learning' }).waitFor();
}

/** From /learn, enrols in the course with this title and waits for its first lesson to open. */
export async function enrolFromCatalogue(page: Page, baseUrl: string, courseTitle: string): Promise<void> {
  await openCatalogue(page, baseUrl);
  await page.getByRole('button', { name: `Enrol in ${courseTitle}` }).click();
  await page.waitForURL(new RegExp(`^${baseUrl}/learn/[0-9a-f-]{36}/[0-9a-f-]{36}$`));
  await page.locator('#lesson-heading').waitFor();
}

/** Whether the lesson open in the player has a quiz. */
export async function lessonHasQuiz(page: Page): Promise<boolean> {
  return (await page.locator('[data-block-type="quiz"]').count()) > 0;
}

/**
 * Answers the first quiz of the lesson the way a learner who guesses does: first choice
 * everywhere (items as shown, matches in turn), check, read the feedback (which marks the correct answers and explains them), try
 * again with the correct answers, and check that the quiz is passed.
 */
export async function passQuizFromFeedback(page: Page, which = 0): Promise<QuizOutcome> {
  const quiz = page.locator('[data-block-type="quiz"]').nth(which);
  const questions = quiz.locator('fieldset.lb-question');
  const count = await questions.count();
  if (count === 0) fail('the lesson has no quiz questions');
  for (let q = 0; q < count; q += 1) await guess(questions.nth(q));
  await quiz.getByRole('button', { name: 'Check answers' }).click();
  const summary = quiz.getByTestId('quiz-summary');
  await summary.waitFor();
  const feedback = quiz.getByTestId('quiz-feedback');
  if ((await feedback.count()) !== count) fail(`expected feedback on ${count} questions, got ${await feedback.count()}`);
  const explanations = (await feedback.allTextContents()).map((text) => text.trim());
  const score = /(\d+) of (\d+) correct/.exec((await summary.textContent()) ?? '') ?? fail('the quiz summary shows no score');
  const firstAttempt = { correct: Number(score[1]), total: Number(score[2]) };
  if (firstAttempt.total !== count) fail(`the summary counts ${firstAttempt.total} questions, the page shows ${count}`);

  if (!((await summary.textContent()) ?? '').includes('Quiz passed')) {
    const keys: QuestionKey[] = [];
    for (let q = 0; q < count; q += 1) keys.push(await readKey(questions.nth(q)));
    await quiz.getByRole('button', { name: 'Try again' }).click();
    for (let q = 0; q < count; q += 1) {
      const key = keys[q];
      if (key === undefined || ('choices' in key && key.choices.length === 0)) fail(`question ${q + 1} does not mark its correct answer`);
      await answerWith(questions.nth(q), key);
    }
    await quiz.getByRole('button', { name: 'Check answers' }).click();
    await quiz.getByTestId('quiz-summary').filter({ hasText: 'Quiz passed' }).waitFor();
  }
  return { firstAttempt, explanations };
}

/** Flips the first flashcard of the lesson and returns the text on its back. */
export async function flipFirstFlashcard(page: Page): Promise<string> {
  const card = page.getByTestId('flashcard').first();
  const front = (await card.locator('.lb-card__text').textContent()) ?? '';
  await card.focus();
  await page.keyboard.press('Enter');
  if ((await card.getAttribute('aria-pressed')) !== 'true') fail('the flashcard did not flip with Enter');
  const back = (await card.locator('.lb-card__text').textContent()) ?? '';
  if (back === front) fail('the flipped flashcard still shows its front');
  return back;
}

/** Marks the open lesson complete and waits for the next lesson (or the course page after the last). */
export async function completeCurrentLesson(page: Page): Promise<void> {
  const before = page.url();
  await page.getByRole('button', { name: /^Complete (and continue|the course)$/ }).click();
  const refused = page.getByRole('alert').filter({ hasText: /\S/ });
  await expect.poll(async () => page.url() !== before || (await refused.count()) > 0, { timeout: 30_000 }).toBe(true);
  if (page.url() === before) fail(`completing the lesson was refused: ${await refused.first().textContent()}`);
  await page.locator('h1').first().waitFor();
}

/** Enrols from the catalogue, passes the first lesson's quiz if it has one, and completes the lesson. */
export async function enrolAndCompleteFirstLesson(page: Page, baseUrl: string, courseTitle: string): Promise<QuizOutcome | null> {
  await enrolFromCatalogue(page, baseUrl, courseTitle);
  // A lesson is complete only once every quiz in it is passed.
  const quizzes = await page.locator('[data-block-type="quiz"]').count();
  const outcome = quizzes > 0 ? await passQuizFromFeedback(page) : null;
  for (let which = 1; which < quizzes; which += 1) await passQuizFromFeedback(page, which);
  await completeCurrentLesson(page);
  return outcome;
}

/** On /learn, the course's card in "My learning" says `completed of total lessons complete`. */
export async function expectProgress(page: Page, baseUrl: string, courseTitle: string, completed: number, total: number): Promise<void> {
  await openCatalogue(page, baseUrl);
  const card = page.getByTestId('my-enrolments').locator('li', { has: page.getByRole('heading', { name: courseTitle }) });
  const text = ((await card.getByTestId('progress-text').textContent()) ?? '').trim();
  const expected = `${completed} of ${total} lessons complete`;
  if (text !== expected) fail(`progress of "${courseTitle}" reads "${text}", expected "${expected}"`);
}

/** Opens the author's learner report of a course. */
export async function openLearnerReport(page: Page, baseUrl: string, courseId: string): Promise<void> {
  await page.goto(`${baseUrl}/courses/${courseId}/learners`);
  await page.locator('#learners-heading').waitFor();
}

/** In the open learner report, the learner's row counts `completed` lessons and shows their quiz result. */
export async function expectLearnerInReport(page: Page, email: string, completed: number): Promise<void> {
  const row = page.locator(`tr[data-learner="${email}"]`);
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  if (!(cells[0] ?? '').startsWith(`${completed} of`)) fail(`the report shows "${cells[0] ?? ''}" for ${email}, expected ${completed} lessons`);
  if (!cells.some((cell) => /Quiz \d+\/\d+ \(passed\)/.test(cell))) fail(`the report shows no passed quiz for ${email}`);
}
