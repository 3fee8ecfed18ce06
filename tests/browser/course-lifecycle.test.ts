import { describe, expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser-stack.ts';
import {
  acceptInvitation,
  auditAccessibility,
  configurePlugin,
  DESKTOP,
  inviteMember,
  openAdmin,
  screenshot,
  signUpOwner,
} from './journeys/admin-steps.ts';
import {
  addQuizBlock,
  blockIds,
  createCourseThroughWizard,
  editFirstTextBlock,
  LIFTING_QUIZ,
  openEditor,
  previewAndPublish,
  regenerateLessonAndAccept,
  reorderByDragAndDrop,
  reorderByKeyboardAndButtons,
  SAFE_LIFTING,
} from './journeys/author-steps.ts';
import { enrolAndCompleteFirstLesson, expectProgress, signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';

/**
 * The whole journey of issue 7 on the embedded defaults: an owner signs up, builds a course with
 * the wizard from an expert's document and an audience while generation streams in, edits,
 * reorders, rewrites a lesson, previews and publishes; a learner signs in, enrols, completes a
 * lesson and its quiz, and sees the progress.
 */
describe('a course from sign-up to a learner’s progress', () => {
  const stack = useBrowserStack('lifecycle');

  it('signs up, authors with live generation, publishes, and a learner completes a lesson and a quiz', async () => {
    const { app, browser, contexts } = stack.get();
    const appUrl = app.url;
    const stamp = Date.now();
    const owner = { email: `owner-${stamp}@example.org`, password: PASSWORD };
    const learner = { email: `learner-${stamp}@example.org`, password: PASSWORD };

    // Author: sign up; the embedded AI streams slowly enough to watch.
    const authorContext = await browser.newContext({ viewport: DESKTOP });
    contexts.push(authorContext);
    const page = await authorContext.newPage();
    await signUpOwner(page, appUrl, owner, 'Lifecycle Academy');
    await openAdmin(page, appUrl, 'plugins/ai-offline');
    await configurePlugin(page, { text: { 'Chunk delay': '150' } });

    // Wizard → generated course, with progress arriving live.
    const { courseId, live } = await createCourseThroughWizard(page, appUrl, SAFE_LIFTING);
    expect(live.counts.at(-1)).toBe('4 of 4 lessons written');
    expect(live.counts.length).toBeGreaterThanOrEqual(3);
    expect(live.streamedLengths).toBeGreaterThan(5);
    await screenshot(page, 'lifecycle-generated');

    // Edit a block, reorder, rewrite a lesson and accept.
    await openEditor(page);
    await editFirstTextBlock(page, 'Plan every lift before you touch the load.');
    const order = await reorderByKeyboardAndButtons(page);
    expect(order.afterKeys).toEqual(order.before);
    const dragged = await reorderByDragAndDrop(page);
    expect(dragged).not.toEqual(order.before);
    await page.reload();
    await expect(blockIds(page)).resolves.toEqual(dragged);
    const rewritten = await regenerateLessonAndAccept(page, 'as a list');
    expect(rewritten.version).toContain('as a list');
    // A knowledge check of the author's own, with explanations learners see after answering.
    await addQuizBlock(page, LIFTING_QUIZ);

    // Preview as a learner sees it, then publish.
    const published = await previewAndPublish(page, appUrl, courseId);
    expect(published).toContain('4 lessons');
    expect(await auditAccessibility(page, 'preview'), 'serious or critical axe violations on the preview').toEqual([]);
    await screenshot(page, 'lifecycle-published');

    // Invite a learner, who signs in, enrols, passes the first lesson's quiz and completes it.
    await openAdmin(page, appUrl, 'members');
    const link = await inviteMember(page, learner.email, 'learner');
    const invited = await acceptInvitation(browser, link, learner);
    contexts.push(invited);
    await invited.close();
    const learnerContext = await browser.newContext({ viewport: DESKTOP });
    contexts.push(learnerContext);
    const learnerPage = await learnerContext.newPage();
    await signInThroughForm(learnerPage, appUrl, learner);
    const quiz = await enrolAndCompleteFirstLesson(learnerPage, appUrl, SAFE_LIFTING.title);
    expect(quiz, 'the first lesson has a quiz').not.toBeNull();
    expect(quiz?.explanations.every((text) => text !== '')).toBe(true);
    await expectProgress(learnerPage, appUrl, SAFE_LIFTING.title, 1, 4);
    await screenshot(learnerPage, 'lifecycle-learner-progress');

    // The progress is stored on the server: a reload shows it again.
    await learnerPage.reload();
    await expectProgress(learnerPage, appUrl, SAFE_LIFTING.title, 1, 4);
  }, 420_000);
});
