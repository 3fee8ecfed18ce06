import type { Page } from 'playwright-core';

/**
 * Reusable author steps through the web app (course wizard, live generation, block editor,
 * preview and publish), for this and other browser journeys. Each step waits for the page it leads
 * to and throws with a message saying what was not as expected.
 */

export interface ExpertInput {
  name: string;
  expertise: string;
  document: { name: string; mimeType: string; text: string };
}

export interface AudienceInput {
  name: string;
  role: string;
  level: 'beginner' | 'intermediate' | 'advanced';
}

export interface CourseInput {
  title: string;
  outcome: string;
  expert: ExpertInput;
  audience: AudienceInput;
  modules: number;
  lessonsPerModule: number;
}

/**
 * A small course grounded in a manual-handling guide of four sections of growing length (so the
 * lessons finish one after another while watched): one module of four lessons.
 */
export const SAFE_LIFTING: CourseInput = {
  title: 'Safe lifting at work',
  outcome: 'Lift and carry loads without hurting your back.',
  expert: {
    name: 'Dr Ana Costa',
    expertise: 'Occupational physiotherapist',
    document: {
      name: 'manual-handling.md',
      mimeType: 'text/markdown',
      text: [
        '# Manual handling guide',
        '',
        '## Planning the lift',
        '',
        'A **lift plan** is a short check of the weight, the route and the place the load goes, made before you touch it.',
        'Plan the lift: check the weight, the route and where the load goes.',
        'Test the weight by rocking the load gently, and read any label that gives its mass.',
        'Decide where you will rest on a long route, and make sure there is space to put the load down at the end.',
        '',
        '- Clear anything you could trip over on the route.',
        '- Open doors and wedge them before you pick the load up.',
        '- Break a load longer than your arm span into smaller parts.',
        '',
        '## Lifting and carrying',
        '',
        'A **neutral spine** is the natural curve of the back, kept while lifting.',
        'Keep the load close to the waist and bend the knees, not the back.',
        'Avoid twisting the trunk while lifting; move the feet instead.',
        'Rest the load on a bench or a knee when you need to change your grip, rather than holding it at arm’s length.',
        '',
        '- Grip with the whole hand rather than the fingertips.',
        '- Keep your head up once you have a secure hold.',
        '- Put the load down first, then adjust its position.',
        '',
        '## Team lifts',
        '',
        'A **team lift** is a lift shared by two or more people who move a load together on one count.',
        'Team lifts need one person to count in and everyone to lift together.',
        'Two people can lift about two thirds of what they could each lift alone, added together.',
        'The person who can see best gives the commands, and everyone walks in step and puts the load down together.',
        'If the load starts to slip, the person giving the commands calls a stop and everyone lowers it together, slowly and under control.',
        '',
        '- Choose partners of similar height and strength.',
        '- Agree the route and the commands before anyone takes the weight.',
        '- Stop at once if anyone says stop.',
        '',
        '## Mechanical aids',
        '',
        'A **mechanical aid** is a trolley, sack truck or hoist that takes the weight of a load for you.',
        'Use trolleys and hoists for loads over 25 kg.',
        'Push a trolley rather than pulling it, with your hands at about waist height.',
        'Store aids where they are easy to reach, so that nobody is tempted to lift by hand to save time.',
        'Keep a record of checks and repairs for every trolley, sack truck and hoist, and take a faulty aid out of use with a clear label until it is fixed.',
        'When a new aid arrives, the supervisor shows each user how to load it, steer it and stop it before anyone uses it alone.',
        'Aids do not remove every risk: plan the route, keep the load stable and ask for help with awkward or unusual loads, just as you would without one.',
        '',
        '- Check the wheels and brakes before you use an aid.',
        '- Never exceed the safe working load marked on it.',
        '- Use a hoist only if you have been trained on that model.',
      ].join('\n'),
    },
  },
  audience: { name: 'Warehouse staff', role: 'warehouse operative', level: 'beginner' },
  modules: 1,
  lessonsPerModule: 4,
};

/** What the generation page showed while lessons were written, observed in the page. */
export interface LiveObservation {
  /** Distinct "n of m lessons written" texts, in the order they appeared. */
  counts: string[];
  /** DOM mutations of the streaming lesson text. */
  streamedMutations: number;
  /** Distinct lengths the streamed text had: more than a few means it grew while being watched. */
  streamedLengths: number;
}

function fail(message: string): never {
  throw new Error(message);
}

const COURSE_URL = /\/courses\/([0-9a-f-]{36})\//;

export function courseIdOf(page: Page): string {
  return COURSE_URL.exec(page.url())?.[1] ?? fail(`no course id in ${page.url()}`);
}

async function stepHeading(page: Page, text: string): Promise<void> {
  await page.locator('#wizard-step-heading', { hasText: text }).waitFor({ timeout: 30_000 });
}

/** Dashboard → "New course" → details saved; the wizard moves to its own address and the experts step. */
export async function startNewCourse(page: Page, appUrl: string, input: Pick<CourseInput, 'title' | 'outcome'>): Promise<string> {
  await page.goto(`${appUrl}/dashboard`);
  await page.getByRole('link', { name: 'New course' }).click();
  await page.waitForURL(`${appUrl}/courses/new`);
  await stepHeading(page, 'Describe the course');
  await page.getByLabel('Course title').fill(input.title);
  await page.getByLabel('Desired outcome').fill(input.outcome);
  await page.getByLabel('Language').selectOption('en');
  await page.getByRole('button', { name: 'Save and choose experts' }).click();
  await page.waitForURL(/\/courses\/[0-9a-f-]{36}\/setup$/);
  await stepHeading(page, 'Choose the experts');
  return courseIdOf(page);
}

/** Adds an expert with a document; it appears in the list, already chosen. */
export async function addExpert(page: Page, expert: ExpertInput): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(expert.name);
  await page.getByLabel('Expertise').fill(expert.expertise);
  await page
    .getByLabel('Document')
    .setInputFiles({ name: expert.document.name, mimeType: expert.document.mimeType, buffer: Buffer.from(expert.document.text) });
  await page.getByRole('button', { name: 'Add expert' }).click();
  const choice = page.getByRole('checkbox', { name: new RegExp(expert.name) });
  await choice.waitFor({ timeout: 30_000 });
  if (!(await choice.isChecked())) fail(`the new expert ${expert.name} is not chosen`);
}

export async function addAudience(page: Page, audience: AudienceInput): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(audience.name);
  await page.getByLabel('Role').fill(audience.role);
  await page.getByLabel('Level').selectOption(audience.level);
  await page.getByRole('button', { name: 'Add audience' }).click();
  const choice = page.getByRole('checkbox', { name: new RegExp(audience.name) });
  await choice.waitFor({ timeout: 30_000 });
  if (!(await choice.isChecked())) fail(`the new audience ${audience.name} is not chosen`);
}

/** Counts the distinct states of the outline progress bar while the outline is drafted. */
async function watchOutlineProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { __outlineProgress: Set<string> }).__outlineProgress = seen;
    new MutationObserver(() => {
      const progress = document.querySelector('[data-testid="outline-progress"]');
      if (progress !== null) seen.add(progress.textContent ?? '');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** From the audiences step: sets the outline size, drafts the outline live, and waits for the review step. */
export async function draftOutline(page: Page, modules: number, lessonsPerModule: number): Promise<number> {
  await page.getByLabel('Modules').fill(String(modules));
  await page.getByLabel('Lessons per module').fill(String(lessonsPerModule));
  await watchOutlineProgress(page);
  await page.getByRole('button', { name: 'Draft the outline' }).click();
  await stepHeading(page, 'Review the outline');
  const states = await page.evaluate(() => (window as unknown as { __outlineProgress: Set<string> }).__outlineProgress.size);
  // The counts are upper bounds: a short document gets fewer modules.
  const found = await page.getByTestId('outline-module').count();
  if (found < 1 || found > modules) fail(`the outline has ${found} modules, asked for at most ${modules}`);
  return states;
}

/** In review: renames the first lesson and moves it down one place with Alt+↓ in its title. */
export async function editOutline(page: Page, firstLessonTitle: string): Promise<void> {
  const first = page.getByLabel('Lesson 1 of module 1 title');
  await first.fill(firstLessonTitle);
  await first.press('Alt+ArrowDown');
  const second = page.getByLabel('Lesson 2 of module 1 title');
  if ((await second.inputValue()) !== firstLessonTitle) fail('Alt+↓ did not move the renamed lesson down');
}

/**
 * Starts recording what the page shows while lessons are written: the "n of m lessons written"
 * texts and every change of the streaming lesson text. Installed before the wizard hands over,
 * since the client-side navigation keeps the document.
 */
async function recordGeneration(page: Page): Promise<void> {
  await page.evaluate(() => {
    const record = { counts: [] as string[], mutations: 0, lengths: new Set<number>() };
    (window as unknown as { __generation: typeof record }).__generation = record;
    const note = () => {
      const count = document.querySelector('[data-testid="generation-count"]')?.textContent;
      if (count !== undefined && count !== null && record.counts.at(-1) !== count) record.counts.push(count);
      const live = document.querySelector('[data-testid="live-lesson-text"]');
      if (live !== null) record.lengths.add((live.textContent ?? '').length);
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const target = mutation.target instanceof Element ? mutation.target : mutation.target.parentElement;
        if (target?.closest('[data-testid="live-lesson-text"]')) record.mutations += 1;
      }
      note();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** Saves the reviewed outline and starts writing; lands on the live generation page, recording it. */
export async function startWritingLessons(page: Page): Promise<void> {
  await recordGeneration(page);
  await page.getByRole('button', { name: 'Write the lessons' }).click();
  await page.waitForURL(/\/courses\/[0-9a-f-]{36}\/generate/);
  await page.locator('#generation-heading').waitFor();
}

/** Waits until every lesson is written and returns what the page showed on the way. */
export async function watchGenerationToTheEnd(page: Page, timeoutMs = 180_000): Promise<LiveObservation> {
  await page.locator('#generation-heading', { hasText: 'All lessons are written' }).waitFor({ timeout: timeoutMs });
  return page.evaluate(() => {
    const record = (window as unknown as { __generation: { counts: string[]; mutations: number; lengths: Set<number> } }).__generation;
    return { counts: record.counts, streamedMutations: record.mutations, streamedLengths: record.lengths.size };
  });
}

/** The whole wizard: details, an expert with a document, an audience, outline drafted and edited, lessons written. */
export async function createCourseThroughWizard(
  page: Page,
  appUrl: string,
  input: CourseInput,
): Promise<{ courseId: string; outlineStates: number; live: LiveObservation }> {
  const courseId = await startNewCourse(page, appUrl, input);
  await addExpert(page, input.expert);
  await page.getByRole('button', { name: 'Next: audiences' }).click();
  await stepHeading(page, 'Choose the audiences');
  await addAudience(page, input.audience);
  const outlineStates = await draftOutline(page, input.modules, input.lessonsPerModule);
  await editOutline(page, 'Why posture matters');
  await startWritingLessons(page);
  const live = await watchGenerationToTheEnd(page);
  return { courseId, outlineStates, live };
}

/** From the generation page, opens the editor on its first lesson. */
export async function openEditor(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Open the editor' }).click();
  await page.waitForURL(/\/courses\/[0-9a-f-]{36}\/edit\/[0-9a-f-]{36}$/);
  await page.getByTestId('block-card').first().waitFor();
}

export async function waitUntilSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-status"][data-save="saved"]').waitFor({ timeout: 20_000 });
}

/** After an edit: the status leaves "saved" (unsaved changes), then the autosave brings it back. */
async function waitForAutosave(page: Page): Promise<void> {
  await page.locator('[data-testid="save-status"]:not([data-save="saved"])').waitFor({ timeout: 5_000 });
  await waitUntilSaved(page);
}

export async function blockIds(page: Page): Promise<string[]> {
  return page.getByTestId('block-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-block-id') ?? ''));
}

/** Replaces the text of the first text block and waits for the autosave. */
export async function editFirstTextBlock(page: Page, text: string): Promise<void> {
  const block = page.locator('[data-testid="block-card"][data-block-type="markdown"]').first();
  await block.getByLabel('Text', { exact: true }).fill(text);
  await page.locator('[data-testid="save-status"][data-save="dirty"], [data-testid="save-status"][data-save="saving"]').first().waitFor();
  await waitUntilSaved(page);
}

/** Moves the second block up with its button, then back down with Alt+↓; returns the orders seen. */
export async function reorderByKeyboardAndButtons(page: Page): Promise<{ before: string[]; afterButton: string[]; afterKeys: string[] }> {
  const before = await blockIds(page);
  await page.getByRole('button', { name: /^Move .* block 2 up$/ }).click();
  await waitForAutosave(page);
  const afterButton = await blockIds(page);
  const moved = page.locator(`[data-block-id="${before[1] ?? ''}"]`);
  await moved.locator('input, textarea, select').first().focus();
  await page.keyboard.press('Alt+ArrowDown');
  await waitForAutosave(page);
  const afterKeys = await blockIds(page);
  return { before, afterButton, afterKeys };
}

/** Drags the first block's handle onto the third block. */
export async function reorderByDragAndDrop(page: Page): Promise<string[]> {
  // Lessons assembled from real documents have long blocks: make the window tall enough to hold the
  // first three, so the drag starts and ends on screen as a person's would after scrolling.
  const viewport = page.viewportSize();
  await page.getByTestId('drag-handle').nth(0).scrollIntoViewIfNeeded();
  const third = (await page.getByTestId('block-card').nth(2).boundingBox()) ?? fail('the third block is not visible');
  if (viewport !== null && third.y + third.height > viewport.height)
    await page.setViewportSize({ width: viewport.width, height: Math.ceil(third.y + third.height + 100) });
  await page.getByTestId('drag-handle').nth(0).hover();
  await page.mouse.down();
  const target = (await page.getByTestId('block-card').nth(2).boundingBox()) ?? fail('the third block is not visible');
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2 + 2);
  await page.mouse.up();
  await waitForAutosave(page);
  if (viewport !== null) await page.setViewportSize(viewport);
  return blockIds(page);
}

/** Rewrites the open lesson with an instruction, watches the stream, compares and accepts. */
export async function regenerateLessonAndAccept(page: Page, instruction: string): Promise<{ streamed: boolean; version: string }> {
  const panel = page.locator('section.regenerate');
  await panel.getByLabel('This lesson').check();
  await panel.getByLabel('Instruction (optional)').fill(instruction);
  await panel.getByRole('button', { name: 'Rewrite' }).click();
  await panel.locator('[data-testid="regenerate-stream"], [data-testid="compare"]').first().waitFor({ timeout: 30_000 });
  const streamed = (await panel.getByTestId('regenerate-stream').count()) > 0;
  await panel.getByTestId('compare').waitFor({ timeout: 60_000 });
  await panel.getByRole('heading', { name: 'Before (version' }).waitFor();
  await panel.getByRole('button', { name: 'Accept the new version' }).click();
  await panel.getByRole('button', { name: 'Rewrite' }).waitFor({ timeout: 30_000 });
  const provenance = page.getByTestId('provenance');
  await provenance.filter({ hasText: instruction }).waitFor({ timeout: 30_000 });
  return { streamed, version: (await provenance.textContent()) ?? '' };
}

/** Preview as a learner, then publish; returns the confirmation text. */
export async function previewAndPublish(page: Page, appUrl: string, courseId: string): Promise<string> {
  await page.goto(`${appUrl}/courses/${courseId}/preview`);
  await page.locator('#preview-lesson-title').waitFor();
  await page.getByRole('button', { name: /^Publish/ }).click();
  const result = page.getByTestId('publish-result');
  await result.waitFor({ timeout: 30_000 });
  const text = (await result.textContent()) ?? '';
  if (!text.startsWith('Published')) fail(`publishing said: ${text}`);
  return text;
}

export interface QuizQuestionInput {
  prompt: string;
  answers: string[];
  correct: number;
  explanation: string;
}

/** Adds a quiz block at the end of the open lesson with these questions, and waits for the autosave. */
export async function addQuizBlock(page: Page, questions: QuizQuestionInput[]): Promise<void> {
  await page.getByLabel('New block').selectOption('quiz');
  await page.getByRole('button', { name: 'Add block' }).click();
  const quiz = page.locator('[data-testid="block-card"][data-block-type="quiz"]').last();
  for (const [index, question] of questions.entries()) {
    if (index > 0) await quiz.getByRole('button', { name: '+ Add a question' }).click();
    const fields = quiz.locator('fieldset.subpanel').nth(index);
    await fields.getByLabel('Question', { exact: true }).fill(question.prompt);
    for (const [answer, text] of question.answers.entries()) {
      if (answer >= 2) await fields.getByRole('button', { name: '+ Add an answer' }).click();
      await fields.getByLabel(`Answer ${answer + 1}`, { exact: true }).fill(text);
    }
    await fields.getByLabel(`Answer ${question.correct + 1} is correct`).check();
    await fields.getByLabel('Explanation shown after answering').fill(question.explanation);
  }
  await waitForAutosave(page);
}

/** Adds a flashcards block with these cards. */
export async function addFlashcardsBlock(page: Page, cards: Array<{ front: string; back: string }>): Promise<void> {
  await page.getByLabel('New block').selectOption('flashcards');
  await page.getByRole('button', { name: 'Add block' }).click();
  const block = page.locator('[data-testid="block-card"][data-block-type="flashcards"]').last();
  for (const [index, card] of cards.entries()) {
    if (index > 0) await block.getByRole('button', { name: '+ Add a card' }).click();
    await block.getByLabel(`Card ${index + 1} front`).fill(card.front);
    await block.getByLabel(`Card ${index + 1} back`).fill(card.back);
  }
  await waitForAutosave(page);
}

export const LIFTING_QUIZ: QuizQuestionInput[] = [
  {
    prompt: 'Where should the load be while you lift?',
    answers: ['Close to the waist', 'At arm’s length'],
    correct: 0,
    explanation: 'Close loads put less strain on the back.',
  },
  {
    prompt: 'What do you do instead of twisting?',
    answers: ['Twist slowly', 'Move your feet', 'Lift faster'],
    correct: 1,
    explanation: 'Turning with the feet keeps the spine neutral.',
  },
];

/** Ticks an existing expert or audience in the wizard's list. */
export async function chooseExisting(page: Page, name: string): Promise<void> {
  await page.getByRole('checkbox', { name: new RegExp(name) }).check();
}

/** On the generation page while lessons are written: cancels, and waits until the run says so. */
export async function cancelGeneration(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Cancel generation' }).click();
  await page.locator('#generation-heading', { hasText: 'Generation cancelled' }).waitFor({ timeout: 30_000 });
}
