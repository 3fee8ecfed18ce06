// `pnpm bench app`: the production build of the web app in Chromium with the CPU slowed down 4×,
// for the dashboard, the course wizard, the lesson editor and a learner's lesson: JavaScript
// transferred (compressed), Largest Contentful Paint and Total Blocking Time, each page loaded
// fresh (no cache) several times, interleaved; medians are reported.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildApp } from './app-js.ts';
import { measurePageLoad, type PageLoad } from './app-metrics.ts';
import { median, num, table } from './format.ts';
import { authorized, out, REPO_DIR, signUp, sleep, startMirai, tempDir } from './generation-api.ts';
import { createGroundedCourse, httpCaller } from './generation-core.ts';
import { freePort, waitForHttp } from './http.ts';
import { cleanup, installSignalHandlers, isInterrupted, onCleanup } from './lifecycle.ts';
import { startService } from './process.ts';

export const USAGE = `Usage: pnpm bench app [--rounds <n>] [--cpu-slowdown <x>]

Builds the web app for production, serves it (app/server.ts, compression on) in front of an
embedded API holding one generated, published course, and loads the dashboard, the course
wizard, the lesson editor and a learner's lesson in headless Chromium (/usr/bin/chromium, or
$CHROMIUM_PATH) with the CPU slowed down (default 4×), <n> times each (default 3), interleaved.
Prints per page the JavaScript transferred (compressed), LCP and TBT (medians).`;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const ACCOUNT = { email: 'bench-app@example.com', password: 'correct horse battery' };
const GOALS = { lcpMs: 1000, tbtMs: 200, scriptKiB: 120 };

interface Job {
  status: string;
  error: string | null;
}

/** One published 2 × 2 course the owner is enrolled in, and an empty one for the wizard. */
async function createCourses(apiUrl: string): Promise<{ courseId: string; lessonId: string; draftId: string }> {
  const account = await signUp(apiUrl, ACCOUNT.email, 'Bench');
  const call = authorized(apiUrl, account);
  const courseId = await createGroundedCourse(httpCaller(apiUrl, account.token));
  const waitFor = async (started: unknown) => {
    const { jobId } = started as { jobId: string };
    for (;;) {
      const job = (await call('GET', `/v1/jobs/${jobId}`, undefined, 200)) as Job;
      if (job.status === 'completed') return;
      if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`job ${jobId} ${job.status}: ${job.error}`);
      await sleep(100);
    }
  };
  await waitFor(await call('POST', `/v1/courses/${courseId}/generate-outline`, { moduleCount: 2, lessonsPerModule: 2 }, 202));
  await waitFor(await call('POST', `/v1/courses/${courseId}/generate-lessons`, {}, 202));
  await call('POST', `/v1/courses/${courseId}/publish`, undefined, 200);
  await call('POST', `/v1/courses/${courseId}/enrolments`, undefined, 201);
  const outline = (await call('GET', `/v1/courses/${courseId}/outline`, undefined, 200)) as { modules: Array<{ lessons: Array<{ id: string }> }> };
  const lessonId = outline.modules[0]?.lessons[0]?.id;
  if (lessonId === undefined) throw new Error('the generated outline has no lesson');
  const draft = (await call('POST', '/v1/courses', { title: 'Wizard course', desiredOutcome: 'Lift safely' }, 201)) as { id: string };
  return { courseId, lessonId, draftId: draft.id };
}

/** The production server of the app (as tests/support/start-app.ts runs it), in front of `apiUrl`. */
async function startAppServer(buildDir: string, apiUrl: string, dataDir: string, port: number): Promise<string> {
  const appDir = path.join(REPO_DIR, 'app');
  const service = startService(
    'app',
    process.execPath,
    [path.join(appDir, 'server.ts'), path.join(buildDir, 'server/index.js')],
    { NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', MIRAI_API_URL: apiUrl, MIRAI_DATA_DIR: dataDir, MIRAI_APP_BUILD_DIR: buildDir },
    appDir,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, service, 60_000);
  return url;
}

function summarise(loads: PageLoad[]): string[] {
  const kib = median(loads.map((load) => load.scriptBytes)) / 1024;
  return [
    `${median(loads.map((load) => load.scripts))} (${median(loads.map((load) => load.uncompressedScripts))} uncompressed)`,
    `${num(kib, 1)} KiB`,
    num(median(loads.map((load) => load.ttfbMs))),
    num(median(loads.map((load) => load.lcpMs))),
    loads.map((load) => num(load.lcpMs)).join(' '),
    num(median(loads.map((load) => load.tbtMs))),
    loads.map((load) => num(load.tbtMs)).join(' '),
  ];
}

async function benchmark(rounds: number, cpuSlowdown: number): Promise<void> {
  out(`bench app: production build, Chromium with ${cpuSlowdown}× CPU slowdown, ${rounds} fresh loads per page`);
  const built = await buildApp();
  onCleanup(() => built.remove());
  out('  app built');
  const dataDir = await tempDir('mirai-bench-app-');
  const appPort = await freePort();
  const api = await startMirai('api (embedded)', 'dev', { MIRAI_DATA_DIR: dataDir, MIRAI_CORS_ORIGINS: `http://127.0.0.1:${appPort}` });
  const { courseId, lessonId, draftId } = await createCourses(api.baseUrl);
  const appUrl = await startAppServer(built.buildDir, api.baseUrl, dataDir, appPort);
  out('  course generated and published; app serving');

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  onCleanup(() => browser.close());
  const signIn = await browser.newContext();
  const page = await signIn.newPage();
  await page.goto(`${appUrl}/sign-in`);
  await page.getByLabel('Email').fill(ACCOUNT.email);
  await page.getByLabel('Password').fill(ACCOUNT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${appUrl}/dashboard`);
  const cookies = await signIn.cookies();
  await signIn.close();

  const pages = [
    { name: 'dashboard', url: `${appUrl}/dashboard`, ready: (text: string) => text.includes('Safe manual handling') },
    { name: 'course wizard', url: `${appUrl}/courses/${draftId}/setup`, ready: (text: string) => text.includes('Wizard course') },
    { name: 'lesson editor', url: `${appUrl}/courses/${courseId}/edit/${lessonId}`, ready: (text: string) => text.includes('Safe manual handling') },
    { name: 'learner lesson', url: `${appUrl}/learn/${courseId}/${lessonId}`, ready: (text: string) => text.includes('Safe manual handling') },
  ];
  const loads = new Map<string, PageLoad[]>(pages.map((entry) => [entry.name, []]));
  for (let round = 1; round <= rounds; round++) {
    const line: string[] = [];
    for (const entry of pages) {
      const context = await browser.newContext();
      await context.addCookies(cookies);
      try {
        const load = await measurePageLoad(context, entry.url, cpuSlowdown, entry.ready);
        loads.get(entry.name)?.push(load);
        line.push(`${entry.name} LCP ${num(load.lcpMs)} ms TBT ${num(load.tbtMs)} ms`);
      } finally {
        await context.close();
      }
    }
    out(`  round ${round}/${rounds}: ${line.join(' | ')}`);
  }
  out();
  const rows = pages.map((entry) => [entry.name, ...summarise(loads.get(entry.name) ?? [])]);
  out(table(['page', 'scripts', 'JS (compressed)', 'TTFB ms', 'LCP ms', 'LCP per round', 'TBT ms', 'TBT per round'], rows));
  out();
  for (const entry of pages) {
    const measured = loads.get(entry.name) ?? [];
    const kib = median(measured.map((load) => load.scriptBytes)) / 1024;
    const lcp = median(measured.map((load) => load.lcpMs));
    const tbt = median(measured.map((load) => load.tbtMs));
    const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
    out(
      `${entry.name}: JS ${num(kib, 1)} KiB (goal ≤ ${GOALS.scriptKiB}: ${verdict(kib <= GOALS.scriptKiB)}), ` +
        `LCP ${num(lcp)} ms (goal < ${GOALS.lcpMs}: ${verdict(lcp < GOALS.lcpMs)}), TBT ${num(tbt)} ms (goal < ${GOALS.tbtMs}: ${verdict(tbt < GOALS.tbtMs)}); ` +
        `LCP element ${[...new Set(measured.map((load) => load.lcpElement))].join(' / ')}`,
    );
  }
}

/** Runs the app bench; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { rounds: { type: 'string', default: '3' }, 'cpu-slowdown': { type: 'string', default: '4' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true) {
    out(USAGE);
    return 0;
  }
  const rounds = Number(values.rounds);
  const cpuSlowdown = Number(values['cpu-slowdown']);
  if (!Number.isInteger(rounds) || rounds < 1 || !(cpuSlowdown >= 1)) {
    process.stderr.write(`--rounds must be a positive integer and --cpu-slowdown at least 1\n\n${USAGE}\n`);
    return 2;
  }
  installSignalHandlers();
  try {
    await benchmark(rounds, cpuSlowdown);
    return 0;
  } catch (error) {
    if (isInterrupted()) return 130;
    process.stderr.write(`bench app failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await cleanup();
  }
}
