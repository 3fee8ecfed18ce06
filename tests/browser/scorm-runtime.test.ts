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

/** Answers every question: the right choice except where `plan` says `wrong` or `skip`. Returns the choices made. */
async function answerQuiz(frame: FrameLocator, plan: ('right' | 'wrong' | 'skip')[]): Promise<(number | null)[]> {
  const questions = frame.locator('.question');
  await expect(questions.count()).resolves.toBe(plan.length);
  const picks: (number | null)[] = [];
  for (const [index, answer] of plan.entries()) {
    picks.push(null);
    if (answer === 'skip') continue;
    const question = questions.nth(index);
    const right = Number(await question.getAttribute('data-answer'));
    const choices = question.locator('.choice');
    const pick = answer === 'right' ? right : (right + 1) % (await choices.count());
    await choices.nth(pick).click();
    picks[index] = pick;
    await expect(question.locator('.verdict').textContent()).resolves.toEqual(
      answer === 'right' ? 'Correct.' : expect.stringMatching(/^Not quite. The answer is: /),
    );
    await expect(question.locator('.feedback').isVisible()).resolves.toBe(true);
    await expect(question.locator('.explanation').isVisible()).resolves.toBe(true);
  }
  return picks;
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
    await expect(lmsErrors(page)).resolves.toEqual([]);
    expect(requests.every((url) => url.startsWith(origin))).toBe(true);
    await page.close();
  });

  it('SCORM 2004, one SCO for the course: all 7 questions of both modules right → scaled 1', async () => {
    const { page, frame } = await openLesson('scorm2004', 'course');
    expect(launch['course/scorm2004']).toBe('content/course.html');
    await expect(frame.locator('h2.module-title').allTextContents()).resolves.toEqual(['Foundations', 'Practice']);
    await answerQuiz(frame, ['right', 'right', 'right', 'right', 'right', 'right', 'right']);
    await frame.locator('#sco-end').scrollIntoViewIfNeeded();
    await frame.locator('body[data-sco-state="completed"]').waitFor();
    await expect(cmi(page, 'scorm2004', 'cmi.completion_status')).resolves.toBe('completed');
    await expect(cmi(page, 'scorm2004', 'cmi.success_status')).resolves.toBe('passed');
    await expect(cmi(page, 'scorm2004', 'cmi.score.scaled')).resolves.toBe('1');
    await expect(cmi(page, 'scorm2004', 'cmi.score.raw')).resolves.toBe('100');
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
      expect(suspendData).toBe(`answers:${picks.map((pick) => pick ?? '').join(',')}`);
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
