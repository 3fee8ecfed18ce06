import type { Locator } from 'playwright-core';

/**
 * Answering one question of the lesson player whatever its kind, for journeys that pass
 * generated quizzes: a first guess, then the key the feedback shows, then that key.
 */

/** The right response as read from the graded question: choice positions, item texts or match labels. */
export type QuestionKey = { choices: number[] } | { order: string[] } | { matches: string[] };

const kindOf = async (question: Locator): Promise<'radio' | 'checkbox' | 'ordering' | 'matching'> => {
  if ((await question.getByTestId('ordering-item').count()) > 0) return 'ordering';
  if ((await question.locator('select').count()) > 0) return 'matching';
  return (await question.locator('input[type="checkbox"]').count()) > 0 ? 'checkbox' : 'radio';
};

/** A guess: the first choice, the items as shown, or the n-th answer for the n-th match. */
export async function guess(question: Locator): Promise<void> {
  const kind = await kindOf(question);
  if (kind === 'ordering') return;
  if (kind === 'matching') {
    const selects = question.locator('select');
    for (let row = 0; row < (await selects.count()); row += 1) await selects.nth(row).selectOption({ index: row + 1 });
    return;
  }
  await question.locator(`input[type="${kind}"]`).first().check();
}

/** The key a graded question shows: marked choices, the right order (or the order given, when right), the right matches. */
export async function readKey(question: Locator): Promise<QuestionKey> {
  const kind = await kindOf(question);
  if (kind === 'ordering') {
    const shown = await question.locator('.lb-order__text').allTextContents();
    // Graded feedback is rendered with the summary: a wrong order shows the right one, a right one shows none.
    const mark = question.locator('.lb-choice__mark', { hasText: 'Right order:' });
    if ((await mark.count()) === 0) return { order: shown };
    return { order: ((await mark.textContent()) ?? '').replace(/^Right order:\s*/, '').split(' → ') };
  }
  if (kind === 'matching') {
    const rows = question.locator('.lb-match__row');
    const matches: string[] = [];
    for (let row = 0; row < (await rows.count()); row += 1) {
      const mark = rows.nth(row).locator('.lb-choice__mark');
      const chosen = await rows
        .nth(row)
        .locator('select')
        .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text ?? '');
      matches.push((await mark.count()) > 0 ? ((await mark.textContent()) ?? '').replace(/^Right match:\s*/, '') : chosen);
    }
    return { matches };
  }
  const classes = await question.locator('.lb-choice').evaluateAll((items) => items.map((item) => item.className));
  return { choices: classes.flatMap((name, i) => (name.includes('is-correct') ? [i] : [])) };
}

/** Gives the key: checks the choices, moves the items into order with their buttons, picks each match. */
export async function answerWith(question: Locator, key: QuestionKey): Promise<void> {
  if ('choices' in key) {
    const inputs = question.locator('input[type="radio"], input[type="checkbox"]');
    for (const index of key.choices) await inputs.nth(index).check();
    return;
  }
  if ('matches' in key) {
    const selects = question.locator('select');
    for (const [row, label] of key.matches.entries()) await selects.nth(row).selectOption({ label });
    return;
  }
  for (let round = 0; round < key.order.length * key.order.length; round += 1) {
    const shown = await question.locator('.lb-order__text').allTextContents();
    const misplaced = shown.findIndex((text, i) => i > 0 && key.order.indexOf(text) < key.order.indexOf(shown[i - 1] ?? ''));
    if (misplaced < 0) return;
    await question.getByRole('button', { name: `Move “${shown[misplaced]}” up` }).click();
  }
  throw new Error('the ordering question did not reach the right order');
}
