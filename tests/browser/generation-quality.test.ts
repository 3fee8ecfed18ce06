import { loadCorpus, malformedTitle, templatedTitles } from '@mirai/generation-eval';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser-stack.ts';
import { DESKTOP, signUpOwner } from './journeys/admin-steps.ts';
import { addAudience, addExpert, draftOutline, startNewCourse, startWritingLessons, watchGenerationToTheEnd } from './journeys/author-steps.ts';

const PASSWORD = 'correct horse battery';

describe('the wizard on a realistic SME document, with the embedded converter', () => {
  const stack = useBrowserStack('generation-quality');

  it('drafts an outline a person would write, says no model wrote it, and asks different questions in every lesson', async () => {
    const { api, app, browser, contexts } = stack.get();
    const ladder = loadCorpus().find((document) => document.file === 'step-ladder-safety.md');
    if (ladder === undefined) throw new Error('the corpus has no ladder document');
    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    const page = await context.newPage();
    const email = `ladders-${Date.now()}@example.org`;
    await signUpOwner(page, app.url, { email, password: PASSWORD }, 'Ladder Safety Ltd');

    const courseId = await startNewCourse(page, app.url, { title: ladder.course.title, outcome: ladder.course.desiredOutcome });
    await addExpert(page, {
      name: ladder.smeName,
      expertise: 'Work at height',
      document: { name: ladder.file, mimeType: 'text/markdown', text: ladder.markdown },
    });
    await page.getByRole('button', { name: 'Next: audiences' }).click();
    await page.locator('#wizard-step-heading', { hasText: 'Choose the audiences' }).waitFor({ timeout: 30_000 });
    await addAudience(page, { name: 'Maintenance staff', role: 'maintenance technician', level: 'beginner' });
    // Three by three allowed: a 680-word guide gets one module of a few lessons.
    await draftOutline(page, 3, 3);
    await expect(page.getByTestId('outline-module').count()).resolves.toBe(1);

    const notice = page.getByTestId('without-model-notice');
    await expect(notice.textContent()).resolves.toMatch(/without a language model.*ai-gemini/);
    const titles = await page.locator('input.outline-row__title').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(titles.length).toBeGreaterThanOrEqual(3);
    for (const title of titles) expect({ title, problem: malformedTitle(title) }).toEqual({ title, problem: null });
    expect(templatedTitles(titles)).toEqual([]);

    await startWritingLessons(page);
    await watchGenerationToTheEnd(page);

    // Every quiz question of the course, read through the API the app uses.
    const login = await fetch(`${api.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const get = async <T>(url: string): Promise<T> =>
      (await fetch(`${api.url}${url}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<T>;
    const outline = await get<{ modules: Array<{ lessons: Array<{ id: string }> }> }>(`/v1/courses/${courseId}/outline`);
    const prompts: string[] = [];
    for (const { id } of outline.modules.flatMap((module) => module.lessons)) {
      const lesson = await get<{ content: { blocks: Array<{ type: string; questions?: Array<{ prompt: string }> }> } }>(`/v1/lessons/${id}`);
      for (const block of lesson.content.blocks) if (block.type === 'quiz') prompts.push(...(block.questions ?? []).map((q) => q.prompt));
    }
    expect(prompts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(prompts).size).toBe(prompts.length);
    expect(prompts.join('\n')).toContain('_____');

    // The editor says the same as the wizard.
    await page.getByRole('link', { name: 'Open the editor' }).click();
    await page.waitForURL(/\/courses\/[0-9a-f-]{36}\/edit\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('without-model-notice').textContent()).resolves.toMatch(
      /assembled this lesson from your documents without a language model/,
    );
  }, 240_000);
});
