import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { artifactsDir, repoRoot } from '../support/paths.ts';
import { type StaticServer, startStaticServer } from '../support/static-server.ts';

const screenshotsDir = path.join(artifactsDir, 'screenshots');
const require = createRequire(import.meta.url);

/** Per SCORM version: the scorm-again bundle and constructor, the window property an LMS exposes, its API calls. */
const VERSIONS = {
  scorm12: {
    bundle: require.resolve('scorm-again/scorm12'),
    constructor: 'Scorm12API',
    global: 'API',
    calls: ['LMSInitialize', 'LMSCommit', 'LMSFinish'],
    setValue: 'LMSSetValue',
    finish: 'LMSFinish',
    entry: 'cmi.core.entry',
  },
  scorm2004: {
    bundle: require.resolve('scorm-again/scorm2004'),
    constructor: 'Scorm2004API',
    global: 'API_1484_11',
    calls: ['Initialize', 'Commit', 'Terminate'],
    setValue: 'SetValue',
    finish: 'Terminate',
    entry: 'cmi.entry',
  },
} as const;
type Format = keyof typeof VERSIONS;
/** One SCO per lesson (the default) or one SCO for the whole course. */
const MODES = ['lessons', 'course'] as const;
type Mode = (typeof MODES)[number];

/**
 * The LMS side: scorm-again's runtime on `window.API` / `window.API_1484_11`, recording every call
 * and every error it logs, with the package's first SCO in an iframe.
 */
function lmsPage(format: Format, launchUrl: string): string {
  const version = VERSIONS[format];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS (${format})</title>
<script src="/runtime/${format}.js"></script>
<script>
  window.lmsCalls = [];
  window.lmsErrors = [];
  /* A fresh runtime for each attempt; a resumed attempt gets the previous suspend data. */
  window.newAttempt = function (suspendData) {
    var api = new ${version.constructor}({
      logLevel: 4,
      onLogMessage: function (level, message) { window.lmsErrors.push(String(message)); }
    });
    if (suspendData !== undefined) {
      api.loadFromFlattenedJSON({ '${version.entry}': 'resume', 'cmi.suspend_data': suspendData });
    }
    ${JSON.stringify(version.calls)}.forEach(function (name) {
      api.on(name, function () { window.lmsCalls.push(name); });
    });
    api.on('${version.setValue}.cmi.*', function (element, value) {
      window.lmsCalls.push(element + '=' + value);
    });
    window.${version.global} = api;
  };
  window.newAttempt();
</script>
<style>body { margin: 0; } iframe { border: 0; width: 1000px; height: 760px; }</style>
</head><body><iframe id="sco" title="SCO" src="${launchUrl}"></iframe></body></html>`;
}

/** The href of the first SCO resource in a manifest, as an LMS would launch it. */
function firstScoHref(manifest: string): string {
  const resource = /<resource [^>]*adlcp:scorm[tT]ype="sco"[^>]*>/.exec(manifest)?.[0] ?? '';
  const href = /href="([^"]+)"/.exec(resource)?.[1];
  if (href === undefined) throw new Error('the manifest has no SCO resource');
  return href;
}

/**
 * Reads a data-model element the runtime recorded. Through the JSON form of its CMI object, because
 * scorm-again's getters refuse write-only elements (cmi.exit, cmi.session_time) even to the LMS page.
 */
function cmi(page: Page, format: Format, element: string): Promise<string> {
  return page.evaluate(
    ({ global, element }) => {
      const api = (window as unknown as Record<string, { cmi: unknown }>)[global];
      let node: unknown = { cmi: JSON.parse(JSON.stringify(api?.cmi)) };
      for (const key of element.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
      return String(node);
    },
    { global: VERSIONS[format].global, element },
  );
}

/** Grows the frame to its content (the SCO is done by then) and saves the whole lesson. */
async function screenshotSco(page: Page, name: string): Promise<void> {
  const sco = page.locator('#sco');
  const height = await page
    .frameLocator('#sco')
    .locator('html')
    .evaluate((html) => html.scrollHeight);
  await sco.evaluate((iframe, contentHeight) => {
    iframe.style.height = `${contentHeight}px`;
  }, height);
  await sco.screenshot({ path: path.join(screenshotsDir, `${name}.png`), animations: 'disabled' });
}

const lmsCalls = (page: Page) => page.evaluate(() => (window as unknown as { lmsCalls: string[] }).lmsCalls);
const lmsErrors = (page: Page) => page.evaluate(() => (window as unknown as { lmsErrors: string[] }).lmsErrors);

/**
 * Answers every question as its kind asks (a choice, True/False, several choices then "Check
 * answer", or typed text): right unless `plan` says `wrong` or `skip`. Returns the responses the
 * player keeps (choice indexes, "true"/"false", typed text).
 */
async function answerQuiz(frame: FrameLocator, plan: ('right' | 'wrong' | 'skip')[]): Promise<(string | null)[]> {
  const questions = frame.locator('.question');
  await expect(questions.count()).resolves.toBe(plan.length);
  const picks: (string | null)[] = [];
  for (const [index, answer] of plan.entries()) {
    picks.push(null);
    if (answer === 'skip') continue;
    const question = questions.nth(index);
    const kind = await question.getAttribute('data-kind');
    if (kind === 'ordering' || kind === 'matching') {
      // One select per row: ordering gives each item (data-item, its authored index) its place;
      // matching gives each row the authored index of its right-hand side.
      const selects = question.locator('select');
      const rows = await selects.count();
      const right = await selects.evaluateAll(
        (all, ordering) => all.map((select, row) => (ordering ? String(Number(select.getAttribute('data-item')) + 1) : String(row))),
        kind === 'ordering',
      );
      // Wrong swaps the first two authored entries: places 1 and 2 (ordering), right-hand sides 0 and 1 (matching).
      const [first, second] = kind === 'ordering' ? ['1', '2'] : ['0', '1'];
      const values = answer === 'right' ? right : right.map((value) => (value === first ? second : value === second ? first : value));
      for (let row = 0; row < rows; row += 1) await selects.nth(row).selectOption(values[row] ?? '');
      await question.getByRole('button', { name: 'Check answer' }).click();
      const authored = Array.from({ length: rows }, (_, i) => String(i));
      picks[index] = (answer === 'right' ? authored : [authored[1] ?? '', authored[0] ?? '', ...authored.slice(2)]).join(',');
    } else if (kind === 'short-answer') {
      const accepted = JSON.parse((await question.getAttribute('data-accepted')) ?? '[]') as string[];
      const typed = answer === 'right' ? (accepted[0] ?? '') : 'Cell';
      await question.getByLabel('Your answer').fill(typed);
      await question.getByRole('button', { name: 'Check answer' }).click();
      picks[index] = typed;
    } else {
      const choices = question.locator('.choice');
      const values = await choices.evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-choice') ?? ''));
      const right = (await question.getAttribute('data-answer')) ?? '';
      const rightValues = right.split(',');
      const pick = answer === 'right' ? rightValues : [values.find((value) => !rightValues.includes(value)) ?? ''];
      for (const value of pick) await question.locator(`.choice[data-choice="${value}"]`).click();
      if (kind === 'multiple') await question.getByRole('button', { name: 'Check answer' }).click();
      picks[index] = pick.join(',');
    }
    await expect(question.locator('.verdict').textContent()).resolves.toEqual(
      answer === 'right' ? 'Correct.' : expect.stringMatching(/^Not quite. The answer is: /),
    );
    await expect(question.locator('.feedback').isVisible()).resolves.toBe(true);
    await expect(question.locator('.explanation').isVisible()).resolves.toBe(true);
  }
  return picks;
}

/** The interactions the SCO set, as `type learner-response result` per interaction, from the LMS's record of SetValue calls. */
function interactions(calls: string[], is2004: boolean): string[] {
  const byIndex = new Map<string, Record<string, string>>();
  for (const call of calls) {
    const match = /^cmi\.interactions\.(\d+)\.(type|student_response|learner_response|result|correct_responses\.0\.pattern)=(.*)$/.exec(call);
    if (match === null) continue;
    const [, n = '', key = '', value = ''] = match;
    byIndex.set(n, { ...byIndex.get(n), [key]: value });
  }
  return [...byIndex.values()].map((entry) =>
    `${entry.type} ${entry[is2004 ? 'learner_response' : 'student_response']} ${entry.result} ${entry['correct_responses.0.pattern'] ?? ''}`.trim(),
  );
}

describe('exported SCORM packages in the scorm-again runtime', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'mirai-scorm-'));
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const launch: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    const pages: Record<string, string> = {};
    const folders: Record<string, string> = {};
    for (const mode of MODES) {
      // The plugin writes the sample course with its own script, as the host would run the exporter.
      const script = path.join(repoRoot, 'plugins/export-scorm/scripts/write-sample-packages.ts');
      await promisify(execFile)(process.execPath, [script, path.join(workDir, mode), String(mode === 'lessons')], { cwd: repoRoot });
      for (const format of Object.keys(VERSIONS) as Format[]) {
        const href = firstScoHref(readFileSync(path.join(workDir, mode, format, 'imsmanifest.xml'), 'utf8'));
        launch[`${mode}/${format}`] = href;
        pages[`/lms/${mode}/${format}.html`] = lmsPage(format, `/packages/${mode}/${format}/${href}`);
        folders[`/packages/${mode}/${format}/`] = path.join(workDir, mode, format);
      }
    }
    server = await startStaticServer({
      pages,
      folders,
      files: { '/runtime/scorm12.js': VERSIONS.scorm12.bundle, '/runtime/scorm2004.js': VERSIONS.scorm2004.bundle },
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(workDir, { recursive: true, force: true });
  }, 30_000);

  async function openLesson(format: Format, mode: Mode = 'lessons') {
    if (server === undefined || browser === undefined) throw new Error('setup did not finish');
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${server.url}/lms/${mode}/${format}.html`);
    const frame = page.frameLocator('#sco');
    await frame.locator('body[data-lms="connected"]').waitFor();
    await expect(frame.locator('h1').textContent()).resolves.toBe(mode === 'lessons' ? 'What is data?' : 'Data & <Safety> 101');
    return { page, frame, requests, origin: server.url };
  }

  it('SCORM 1.2: viewed to the end, quiz 4 of 5 right → passed with score 80', async () => {
    const { page, frame, requests, origin } = await openLesson('scorm12');
    expect(launch['lessons/scorm12']).toBe('content/m01-l01-what-is-data.html');
    await expect(cmi(page, 'scorm12', 'cmi.core.lesson_status')).resolves.toBe('incomplete');

    await answerQuiz(frame, ['right', 'right', 'wrong', 'right', 'skip']);
    await expect(frame.locator('.sco-status').textContent()).resolves.toBe('Quiz: 3 of 5 correct (4 answered).');
    await frame.locator('#sco-end').scrollIntoViewIfNeeded();
    const card = frame.locator('.flashcard').first();
    await card.click();
    await expect(card.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(card.locator('.flashcard-back').getAttribute('aria-hidden')).resolves.toBe('false');
    await expect(frame.locator('body').getAttribute('data-sco-state')).resolves.toBe('incomplete');

    // The end was seen: answering the last question completes the lesson.
    await answerQuiz(frame, ['skip', 'skip', 'skip', 'skip', 'right']);
    await frame.locator('body[data-sco-state="completed"]').waitFor();
    await expect(frame.locator('.sco-status').textContent()).resolves.toBe('Lesson complete. Your score: 80% (4 of 5), passed.');
    await screenshotSco(page, 'scorm-1.2');

    await expect(cmi(page, 'scorm12', 'cmi.core.lesson_status')).resolves.toBe('passed');
    await expect(cmi(page, 'scorm12', 'cmi.core.score.raw')).resolves.toBe('80');
    await expect(cmi(page, 'scorm12', 'cmi.core.score.min')).resolves.toBe('0');
    await expect(cmi(page, 'scorm12', 'cmi.core.score.max')).resolves.toBe('100');
    // CMITimespan: HHHH:MM:SS with 1 or 2 optional decimals. The player always writes two; scorm-again keeps
    // the value in its own form, where a trailing zero may be dropped (.90 → .9), so each is checked on its side.
    await expect(cmi(page, 'scorm12', 'cmi.core.session_time')).resolves.toMatch(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
    const calls = await lmsCalls(page);
    const sessionTimes = calls.filter((call) => call.startsWith('cmi.core.session_time='));
    expect(sessionTimes.length).toBeGreaterThan(0);
    for (const sent of sessionTimes) expect(sent).toMatch(/=\d{2,4}:\d{2}:\d{2}\.\d{2}$/);
    expect(calls[0]).toBe('LMSInitialize');
    expect(calls.slice(-2)).toEqual(['LMSCommit', 'LMSFinish']);
    expect(calls).toContain('cmi.core.lesson_status=passed');
    // One interaction per answer, typed by question kind, in SCORM 1.2's response format.
    expect(interactions(calls, false)).toEqual([
      'choice b correct b',
      'true-false t correct t',
      'choice a wrong b,c',
      'choice b correct b',
      'fill-in Row correct Row',
    ]);
    await expect(lmsErrors(page)).resolves.toEqual([]);
    expect(requests.every((url) => url.startsWith(origin))).toBe(true);
    await page.close();
  });

  it('SCORM 2004: 4 right, 1 unanswered, "Complete lesson" → completed, passed, scaled 0.8', async () => {
    const { page, frame, requests, origin } = await openLesson('scorm2004');
    await expect(cmi(page, 'scorm2004', 'cmi.completion_status')).resolves.toBe('incomplete');

    await answerQuiz(frame, ['right', 'right', 'right', 'right', 'skip']);
    await frame.locator('#sco-end').scrollIntoViewIfNeeded();
    await expect(frame.locator('body').getAttribute('data-sco-state')).resolves.toBe('incomplete');
    await frame.getByRole('button', { name: 'Complete lesson' }).click();
    await frame.locator('body[data-sco-state="completed"]').waitFor();
    await screenshotSco(page, 'scorm-2004');

    await expect(cmi(page, 'scorm2004', 'cmi.completion_status')).resolves.toBe('completed');
    await expect(cmi(page, 'scorm2004', 'cmi.success_status')).resolves.toBe('passed');
    await expect(cmi(page, 'scorm2004', 'cmi.score.scaled')).resolves.toBe('0.8');
    await expect(cmi(page, 'scorm2004', 'cmi.score.raw')).resolves.toBe('80');
    await expect(cmi(page, 'scorm2004', 'cmi.exit')).resolves.toBe('normal');
    await expect(cmi(page, 'scorm2004', 'cmi.session_time')).resolves.toMatch(/^PT\d+H\d+M\d+(\.\d{1,2})?S$/);
    const calls = await lmsCalls(page);
    expect(calls[0]).toBe('Initialize');
    expect(calls.slice(-2)).toEqual(['Commit', 'Terminate']);
    expect(interactions(calls, true)).toEqual([
      'choice b correct b',
      'true-false true correct true',
      'choice b[,]c correct b[,]c',
      'choice b correct b',
    ]);
    await expect(lmsErrors(page)).resolves.toEqual([]);
    expect(requests.every((url) => url.startsWith(origin))).toBe(true);
    await page.close();
  });

  it('SCORM 2004, one SCO for the course: all 9 questions of both modules right → scaled 1', async () => {
    const { page, frame, requests, origin } = await openLesson('scorm2004', 'course');
    expect(launch['course/scorm2004']).toBe('content/course.html');
    // The media blocks play from the package: the video's captions load beside it; the Vimeo video is a link out.
    await expect(frame.locator('video').getAttribute('src')).resolves.toMatch(/^\.\.\/assets\/\d+-backup\.mp4$/);
    await frame.locator('video').evaluate(async (video: HTMLVideoElement) => {
      const track = video.querySelector('track');
      if (track !== null && track.readyState !== 2) await new Promise((resolve) => track.addEventListener('load', resolve, { once: true }));
    });
    await expect(frame.locator('video').evaluate((video: HTMLVideoElement) => video.textTracks[0]?.cues?.length ?? 0)).resolves.toBe(1);
    await expect(frame.getByRole('link', { name: /Backups explained.*on Vimeo/ }).getAttribute('href')).resolves.toBe('https://vimeo.com/76979871');
    await expect(frame.locator('iframe').count()).resolves.toBe(0);
    await expect(frame.locator('h2.module-title').allTextContents()).resolves.toEqual(['Foundations', 'Practice']);
    await answerQuiz(frame, ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']);
    // Ordering and matching are recorded as sequencing and matching, in 2004's pattern format.
    expect(interactions(await lmsCalls(page), true).slice(-2)).toEqual([
      'sequencing a[,]b[,]c[,]d correct a[,]b[,]c[,]d',
      'matching a[.]1[,]b[.]2[,]c[.]3 correct a[.]1[,]b[.]2[,]c[.]3',
    ]);
    await frame.locator('#sco-end').scrollIntoViewIfNeeded();
    await frame.locator('body[data-sco-state="completed"]').waitFor();
    await expect(cmi(page, 'scorm2004', 'cmi.completion_status')).resolves.toBe('completed');
    await expect(cmi(page, 'scorm2004', 'cmi.success_status')).resolves.toBe('passed');
    await expect(cmi(page, 'scorm2004', 'cmi.score.scaled')).resolves.toBe('1');
    await expect(cmi(page, 'scorm2004', 'cmi.score.raw')).resolves.toBe('100');
    await expect(lmsErrors(page)).resolves.toEqual([]);
    expect(requests.every((url) => url.startsWith(origin))).toBe(true);
    await page.close();
  });

  it('SCORM 1.2, one SCO for the course: a wrong order and right matches are recorded as sequencing and matching', async () => {
    const { page, frame } = await openLesson('scorm12', 'course');
    await answerQuiz(frame, ['skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'skip', 'wrong', 'right']);
    await expect(frame.locator('.sco-status').textContent()).resolves.toBe('Quiz: 1 of 9 correct (2 answered).');
    expect(interactions(await lmsCalls(page), false)).toEqual(['sequencing b,a,c,d wrong a,b,c,d', 'matching a.1,b.2,c.3 correct a.1,b.2,c.3']);
    await expect(lmsErrors(page)).resolves.toEqual([]);
    await page.close();
  });

  for (const format of ['scorm12', 'scorm2004'] as const) {
    it(`${format}: leaving mid-lesson suspends the attempt; the next launch resumes it`, async () => {
      const { page, frame } = await openLesson(format);
      const picks = await answerQuiz(frame, ['wrong', 'right', 'skip', 'skip', 'skip']);
      const launchUrl = await page.locator('#sco').evaluate((iframe: HTMLIFrameElement) => {
        const url = iframe.src;
        iframe.src = 'about:blank';
        return url;
      });
      await expect.poll(() => lmsCalls(page)).toContain(VERSIONS[format].finish);
      const suspendData = await cmi(page, format, 'cmi.suspend_data');
      expect(suspendData).toBe(`answers:${picks.map((pick) => encodeURIComponent(pick ?? '')).join(',')}`);
      await expect(cmi(page, format, format === 'scorm12' ? 'cmi.core.exit' : 'cmi.exit')).resolves.toBe('suspend');
      await expect(cmi(page, format, format === 'scorm12' ? 'cmi.core.lesson_status' : 'cmi.completion_status')).resolves.toBe('incomplete');

      // Relaunch in a new attempt that resumes: the answers come back, locked, with their feedback.
      await page.evaluate(
        ({ suspendData, launchUrl }) => {
          (window as unknown as { newAttempt(data: string): void }).newAttempt(suspendData);
          document.querySelector('iframe')?.setAttribute('src', launchUrl);
        },
        { suspendData, launchUrl },
      );
      await frame.locator('body[data-lms="connected"]').waitFor();
      const questions = frame.locator('.question');
      await expect(questions.nth(0).getAttribute('class')).resolves.toContain('is-answered-wrong');
      await expect(questions.nth(1).getAttribute('class')).resolves.toContain('is-answered-correct');
      await expect(questions.nth(2).locator('.feedback').isVisible()).resolves.toBe(false);
      await expect(frame.locator('.sco-status').textContent()).resolves.toBe('Quiz: 1 of 5 correct (2 answered).');
      await expect(lmsErrors(page)).resolves.toEqual([]);
      await page.close();
    });
  }
});
