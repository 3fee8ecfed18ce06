import type { WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { configurePlugin, DESKTOP, openAdmin, phoneContextLike, screenshotBothWidths, signUpOwner } from './journeys/admin-steps.ts';
import {
  addAudience,
  addExpert,
  addFlashcardsBlock,
  addQuizBlock,
  blockIds,
  cancelGeneration,
  chooseExisting,
  courseIdOf,
  draftOutline,
  editFirstTextBlock,
  editOutline,
  LIFTING_QUIZ,
  openEditor,
  regenerateLessonAndAccept,
  reorderByDragAndDrop,
  reorderByKeyboardAndButtons,
  SAFE_LIFTING,
  startNewCourse,
  startWritingLessons,
  waitUntilSaved,
  watchGenerationToTheEnd,
} from './journeys/author-steps.ts';

const PASSWORD = 'correct horse battery';

describe('authoring a course in a real browser', () => {
  const stack = useBrowserStack('authoring');

  it('runs the wizard with a document and an audience, watches generation live, edits, reorders and rewrites a lesson', async () => {
    const { app, browser, contexts } = stack.get();
    const appUrl = app.url;
    const desktop = await browser.newContext({ viewport: DESKTOP });
    contexts.push(desktop);
    const page = await desktop.newPage();
    await signUpOwner(page, appUrl, { email: `author-${Date.now()}@example.org`, password: PASSWORD }, 'Authoring Test Academy');
    const phone = await phoneContextLike(browser, desktop);
    contexts.push(phone);
    const phonePage = await phone.newPage();

    // The embedded AI streams slowly enough to watch (through the plugin's settings form).
    await openAdmin(page, appUrl, 'plugins/ai-offline');
    await configurePlugin(page, { text: { 'Chunk delay': '150' } });

    // Every websocket the pages open goes through here, so the test can cut one like a network would.
    const sockets: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/v1\/ws/, (socket) => {
      socket.connectToServer();
      sockets.push(socket);
    });

    // Dashboard: empty state and the way in.
    await page.goto(`${appUrl}/dashboard`);
    await expect(page.getByTestId('courses-empty').textContent()).resolves.toBe('No courses yet');
    await expectAccessible(page, '/dashboard (empty)');

    // Wizard: details, then an expert with a document.
    await page.goto(`${appUrl}/courses/new`);
    await expectAccessible(page, 'wizard: details');
    await screenshotBothWidths(page, phonePage, 'wizard-details');
    const courseId = await startNewCourse(page, appUrl, SAFE_LIFTING);
    await addExpert(page, SAFE_LIFTING.expert);
    await expectAccessible(page, 'wizard: experts');
    await screenshotBothWidths(page, phonePage, 'wizard-experts');

    // Leaving and coming back resumes where the author was, from the server.
    await page.getByRole('button', { name: 'Next: audiences' }).click();
    await page.locator('#wizard-step-heading', { hasText: 'Choose the audiences' }).waitFor();
    await page.reload();
    await page.locator('#wizard-step-heading', { hasText: 'Choose the audiences' }).waitFor();
    await addAudience(page, SAFE_LIFTING.audience);
    // What the author added stays chosen across a reload.
    await page.reload();
    await expect(page.getByRole('checkbox', { name: new RegExp(SAFE_LIFTING.audience.name) }).isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'wizard: audiences');
    await screenshotBothWidths(page, phonePage, 'wizard-audiences');

    // The outline is drafted live, then reviewed and edited.
    const outlineStates = await draftOutline(page, SAFE_LIFTING.modules, SAFE_LIFTING.lessonsPerModule);
    expect(outlineStates, 'outline progress states seen while drafting').toBeGreaterThanOrEqual(1);
    await editOutline(page, 'Why posture matters');
    await expectAccessible(page, 'wizard: outline review');
    await screenshotBothWidths(page, phonePage, 'wizard-review');
    await page.getByRole('button', { name: 'Add a module' }).click();
    await expect(page.getByTestId('outline-module').count()).resolves.toBe(2);
    await page.getByRole('button', { name: 'Remove module New module' }).click();
    await expect(page.getByTestId('outline-module').count()).resolves.toBe(1);

    // Lessons are written live: the count and the streaming text change while we watch.
    await startWritingLessons(page);
    expect(courseIdOf(page)).toBe(courseId);
    await page.getByTestId('live-lesson-text').waitFor({ timeout: 30_000 });
    // A dropped connection: the page says so, reconnects by itself and catches up, without a reload.
    const before = sockets.length;
    await sockets.at(-1)?.close({ code: 4000, reason: 'network lost' });
    await page.getByTestId('connection-status').filter({ hasText: 'reconnecting' }).waitFor({ timeout: 5_000 });
    await page.getByTestId('connection-status').filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
    expect(sockets.length, 'a new websocket after the drop').toBeGreaterThan(before);
    await expectAccessible(page, 'generation (running)');
    await screenshotBothWidths(page, phonePage, 'generation');
    const live = await watchGenerationToTheEnd(page);
    console.log(
      `live generation: counts ${JSON.stringify(live.counts)}, ${live.streamedMutations} text mutations, ${live.streamedLengths} text lengths`,
    );
    expect(live.counts.at(-1)).toBe('4 of 4 lessons written');
    expect(live.counts.length, 'distinct progress counts seen live').toBeGreaterThanOrEqual(3);
    expect(live.streamedLengths, 'the lesson text grew while watched').toBeGreaterThan(5);
    // Completed lessons link to the editor and list their sources.
    await expect(page.locator('[data-testid="generation-lesson"][data-phase="ready"] a').count()).resolves.toBe(4);
    await expect(page.locator('.sources summary').first().textContent()).resolves.toMatch(/\d+ sources?/);

    // Editor: edit a text block (autosave), reorder by buttons, keyboard and drag and drop.
    await openEditor(page);
    // The lesson lists the expert's passages it was written from.
    await expect(page.getByTestId('lesson-sources').locator('summary').textContent()).resolves.toMatch(/\d+ source passages?/);
    await expect(page.getByTestId('lesson-sources').textContent()).resolves.toContain(SAFE_LIFTING.expert.name);
    await expectAccessible(page, 'editor');
    await screenshotBothWidths(page, phonePage, 'editor');
    await editFirstTextBlock(page, 'Before any lift, **stop and plan**: weight, route, destination.');
    const order = await reorderByKeyboardAndButtons(page);
    expect(order.afterButton).toEqual([order.before[1], order.before[0], ...order.before.slice(2)]);
    expect(order.afterKeys).toEqual(order.before);
    const dragged = await reorderByDragAndDrop(page);
    expect(dragged).toEqual([order.before[1], order.before[2], order.before[0], ...order.before.slice(3)]);
    await page.reload();
    await expect(blockIds(page)).resolves.toEqual(dragged);
    await expect(
      page.locator('[data-block-type="markdown"] textarea').evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value)),
    ).resolves.toContain('Before any lift, **stop and plan**: weight, route, destination.');

    // Every block type can be added and edited: a callout, a quiz question, a flashcard, an image.
    await page.getByLabel('New block').selectOption('callout');
    await page.getByRole('button', { name: 'Add block' }).click();
    await page.getByLabel('Callout text').last().fill('Never lift more than 25 kg alone.');
    await waitUntilSaved(page);
    await addQuizBlock(page, LIFTING_QUIZ);
    await addFlashcardsBlock(page, [
      { front: 'Neutral spine', back: 'The natural curve of the back, kept while lifting.' },
      { front: 'Team lift', back: 'One person counts in; everyone lifts together.' },
    ]);
    await page.getByLabel('New block').selectOption('image');
    await page.getByRole('button', { name: 'Add block' }).click();
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await page
      .locator('[data-block-type="image"]')
      .last()
      .getByLabel('Upload an image')
      .setInputFiles({ name: 'safe-posture.png', mimeType: 'image/png', buffer: png });
    await page.locator('[data-block-type="image"]').last().getByTestId('image-preview').waitFor({ timeout: 20_000 });
    await waitUntilSaved(page);

    // Rewrite the lesson with an instruction, compare, accept.
    // Without a model, ai-offline follows instructions such as "as a list" (and refuses others up front).
    const rewritten = await regenerateLessonAndAccept(page, 'as a list');
    expect(rewritten.version).toContain('as a list');
    await expectAccessible(page, 'editor after rewrite');

    // The dashboard now offers the right next step.
    await page.goto(`${appUrl}/dashboard`);
    await page.getByRole('link', { name: `Edit: ${SAFE_LIFTING.title}` }).waitFor();
    await expectAccessible(page, '/dashboard (with a course)');
    await screenshotBothWidths(page, phonePage, 'authoring-dashboard');

    // A second course, reusing the expert and the audience; its generation is cancelled halfway.
    await startNewCourse(page, appUrl, { title: 'Team lifts', outcome: 'Lift heavy loads safely as a team.' });
    await chooseExisting(page, SAFE_LIFTING.expert.name);
    await page.getByRole('button', { name: 'Next: audiences' }).click();
    await page.locator('#wizard-step-heading', { hasText: 'Choose the audiences' }).waitFor();
    await chooseExisting(page, SAFE_LIFTING.audience.name);
    await draftOutline(page, 1, 3);
    await startWritingLessons(page);
    await page.getByTestId('live-lesson-text').waitFor({ timeout: 30_000 });
    await cancelGeneration(page);
    const phases = await page.getByTestId('generation-lesson').evaluateAll((items) => items.map((item) => item.getAttribute('data-phase')));
    expect(
      phases.some((phase) => phase !== 'ready'),
      `lesson phases after cancelling: ${phases.join(', ')}`,
    ).toBe(true);
    await page.getByRole('button', { name: 'Write every lesson again' }).waitFor();
  }, 300_000);
});
