import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { type Session, signUp } from '../support/generation-client.ts';
import { DESKTOP, phoneContextLike, screenshotBothWidths } from './journeys/admin-steps.ts';
import { signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';

/** A published course of two written lessons, the first with two versions; returns its ids. */
async function forkliftCourse(owner: Session): Promise<{ courseId: string; lessonIds: string[] }> {
  const courseId = ((await owner.call({ method: 'POST', url: '/v1/courses', payload: { title: 'Forklift basics' } })).body as { id: string }).id;
  const outline = (
    await owner.call({
      method: 'PUT',
      url: `/v1/courses/${courseId}/outline`,
      payload: {
        modules: [
          {
            title: 'Driving',
            lessons: [
              { title: 'Posture', objectives: [] },
              { title: 'Loads', objectives: [] },
            ],
          },
        ],
      },
    })
  ).body as { modules: Array<{ lessons: Array<{ id: string }> }> };
  const lessonIds = outline.modules.flatMap((m) => m.lessons.map((l) => l.id));
  const save = (id: string | undefined, markdown: string) =>
    owner.call({ method: 'PUT', url: `/v1/lessons/${id}/blocks`, payload: { blocks: [{ id: 'body', type: 'markdown', markdown }] } });
  await save(lessonIds[0], 'Keep the load close.');
  await save(lessonIds[0], 'Keep the heavy load very close.');
  await save(lessonIds[1], 'Tilt the mast back before driving.');
  expect((await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` })).status).toBe(200);
  return { courseId, lessonIds };
}

/**
 * Issue 19 item 3 as an author does it: the course list searched and paged, duplicate, save as a
 * template and start from it, a lesson's history with a diff and restore, unpublish and archive
 * behind confirmations, and delete (refused while a learner is enrolled, then done).
 */
describe('the course list and a course’s lifecycle', () => {
  const stack = useBrowserStack('catalogue-lifecycle');

  it('searches, pages, duplicates, templates, restores a version, unpublishes, archives and deletes', async () => {
    const { app, api, browser, contexts } = stack.get();
    const email = `lifecycle-${Date.now()}@example.org`;
    const owner = await signUp(api.url, email);
    for (let i = 1; i <= 13; i++) await owner.call({ method: 'POST', url: '/v1/courses', payload: { title: `Filler course ${i}` } });
    const forklift = await forkliftCourse(owner);
    // The owner takes the course too, so deleting it has a learner's record to protect.
    expect((await owner.call({ method: 'POST', url: `/v1/courses/${forklift.courseId}/enrolments` })).status).toBe(201);

    const desktop = await browser.newContext({ viewport: DESKTOP });
    contexts.push(desktop);
    const page = await desktop.newPage();
    await signInThroughForm(page, app.url, { email, password: PASSWORD });
    // The phone shares the session cookie the sign-in set.
    const phone = await phoneContextLike(browser, desktop);
    contexts.push(phone);
    const phonePage = await phone.newPage();
    const cards = page.getByTestId('course-card');
    const card = (id: string) => page.locator(`[data-course-id="${id}"]`);

    // Paged on the server: 12, then "More courses" adds the last 2 (newest first, none repeated).
    await cards.first().waitFor();
    await expect(cards.count()).resolves.toBe(12);
    // "More courses" appends with scripts, so wait until Remix has hydrated the page.
    await page.waitForFunction(() => '__remixRouter' in window);
    await page.getByTestId('more-courses').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="course-card"]').length === 14);
    await expect(page.getByTestId('more-courses').count()).resolves.toBe(0);
    const titles = await page.locator('[data-testid="course-card"] h3').allTextContents();
    expect(new Set(titles).size).toBe(14);
    expect(titles[0]).toBe('Forklift basics');
    expect(titles.at(-1)).toBe('Filler course 1');
    await expectAccessible(page, 'dashboard course list');
    await screenshotBothWidths(page, phonePage, 'catalogue-lifecycle-list');

    // Searched on the server.
    await page.getByLabel('Search courses').fill('forklift');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/\?q=forklift$/);
    // The URL can change before the searched list renders: wait for the list itself.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="course-card"]').length === 1);
    await expect(page.locator('[data-testid="course-card"] h3').allTextContents()).resolves.toEqual(['Forklift basics']);

    // Duplicate: a new draft with the outline and lessons, opened in the editor; the original keeps its own.
    await page.getByRole('button', { name: 'Duplicate: Forklift basics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Copy of Forklift basics' }).waitFor();
    const copyId = /\/courses\/([^/]+)\/edit/.exec(page.url())?.[1] ?? '';
    await expect(page.locator('.editor-nav__lesson').allTextContents()).resolves.toEqual(['Posture', 'Loads']);
    const original = (await owner.call({ method: 'GET', url: `/v1/lessons/${forklift.lessonIds[0]}/versions` })).body as { items: unknown[] };
    expect(original.items).toHaveLength(2);

    // Tags, set in the editor, filter the dashboard's list from a card's tag.
    await page.getByLabel('Tags (comma-separated)').fill('Warehouse, forklifts, warehouse');
    await page.getByRole('button', { name: 'Save tags' }).click();
    await page.getByText('Saved: warehouse, forklifts.').waitFor();
    await page.goto(`${app.url}/dashboard`);
    await card(copyId).getByRole('link', { name: 'Courses tagged warehouse' }).click();
    await page.waitForURL(/\?tag=warehouse$/);
    await page.getByTestId('tag-filter').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="course-card"]').length === 1);
    await expect(page.locator('[data-testid="course-card"] h3').allTextContents()).resolves.toEqual(['Copy of Forklift basics']);
    await expectAccessible(page, 'course list filtered by a tag');

    // Save as a template, then start a course from it.
    await page.goto(`${app.url}/dashboard?q=forklift`);
    await card(forklift.courseId).getByRole('button', { name: 'Save as template: Forklift basics' }).click();
    await page.waitForURL(/view=templates/);
    await expectAccessible(page, 'templates');
    await page.getByRole('button', { name: 'Start a course from this template: Forklift basics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forklift basics' }).waitFor();
    expect(page.url()).not.toContain(forklift.courseId);
    await expect(page.locator('.editor-nav__lesson').count()).resolves.toBe(2);

    // A lesson's version history: the diff marks the words, and restoring makes version 1 current.
    await page.goto(`${app.url}/courses/${forklift.courseId}/edit/${forklift.lessonIds[0]}`);
    await page.getByRole('link', { name: 'Version history' }).click();
    await page.getByRole('heading', { level: 2, name: 'Version history: Posture' }).waitFor();
    await expect(page.locator('.version-diff ins').allTextContents()).resolves.toEqual(['heavy ', 'very ']);
    await expectAccessible(page, 'version history');
    await screenshotBothWidths(page, phonePage, 'catalogue-lifecycle-history');
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByTestId('provenance').filter({ hasText: 'Version 1' }).waitFor();

    // Unpublish asks first and says what happens to learners; focus moves to the question.
    await page.goto(`${app.url}/dashboard?q=forklift`);
    await card(forklift.courseId).getByRole('link', { name: 'Unpublish: Forklift basics' }).click();
    const confirmation = page.getByTestId('confirm-course');
    await confirmation.getByText('enrolments and progress are kept').waitFor();
    await expect(confirmation.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await expectAccessible(page, 'unpublish confirmation');
    await screenshotBothWidths(page, phonePage, 'catalogue-lifecycle-confirm');
    await confirmation.getByRole('button', { name: 'Unpublish course' }).click();
    await page.waitForFunction(
      (id) => document.querySelector(`[data-course-id="${id}"]`)?.getAttribute('data-status') === 'ready',
      forklift.courseId,
    );

    // Archive: out of the list, into Archived.
    await card(forklift.courseId).getByRole('link', { name: 'Archive: Forklift basics' }).click();
    await page.getByTestId('confirm-course').getByRole('button', { name: 'Archive course' }).click();
    await card(forklift.courseId).waitFor({ state: 'detached' });
    await page.getByRole('navigation', { name: 'Course lists' }).getByRole('link', { name: 'Archived' }).click();
    await card(forklift.courseId).waitFor();

    // Deleting a course a learner is enrolled in is refused with the reason; one without enrolments goes.
    await card(forklift.courseId).getByRole('link', { name: 'Delete: Forklift basics' }).click();
    await page.getByTestId('confirm-course').getByRole('button', { name: 'Delete for good' }).click();
    await expect(page.getByTestId('course-action-error').textContent()).resolves.toContain('1 learner is enrolled');
    await page.goto(`${app.url}/dashboard?q=copy`);
    await card(copyId).getByRole('link', { name: 'Delete: Copy of Forklift basics' }).click();
    await page.getByTestId('confirm-course').getByRole('button', { name: 'Delete for good' }).click();
    await page.getByTestId('courses-empty').waitFor();
    expect((await owner.call({ method: 'GET', url: `/v1/courses/${copyId}` })).status).toBe(404);
    expect((await owner.call({ method: 'GET', url: `/v1/courses/${forklift.courseId}` })).status).toBe(200);
  });
});
