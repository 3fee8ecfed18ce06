import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { repoRoot } from '../support/paths.ts';

// A cmi5 AU from the export-cmi5 plugin, run in real Chromium against an LRS stub on 127.0.0.1 (another
// origin than the AU, as with a real LMS): fetch URL → token (once), LMS.LaunchData, then the statements.

const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const PUBLISHER_ID = 'https://lms.example.org/publisher/safety-course';
const AU_FILE = 'm01-l01-lifting-check.html';

/** A CourseDocument (@mirai/sdk-plugin) with one lesson and a three-question quiz: several answers, true/false, a typed answer. */
const course = {
  id: 'browser-course',
  title: 'Lifting check',
  desiredOutcome: 'Learners lift safely.',
  language: 'en',
  modules: [
    {
      id: 'module-1',
      title: 'Lifting',
      lessons: [
        {
          id: 'lesson-1',
          title: 'Lifting check',
          objectives: ['Recall TILE'],
          blocks: [
            { id: 'b1', type: 'markdown', markdown: 'Use **TILE** before every lift.' },
            {
              id: 'b2',
              type: 'quiz',
              questions: [
                {
                  id: 'q1',
                  kind: 'multiple',
                  prompt: 'Which are in TILE?',
                  choices: ['Task', 'Time', 'Load'],
                  answerIndices: [0, 2],
                  explanation: 'Task, Load.',
                },
                { id: 'q2', kind: 'true-false', prompt: 'L in TILE is Light.', answer: false, explanation: 'Load.' },
                {
                  id: 'q3',
                  kind: 'short-answer',
                  prompt: 'E in TILE?',
                  match: 'exact',
                  answers: ['Environment'],
                  caseSensitive: false,
                  explanation: 'Environment.',
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

interface Statement {
  verb: { id: string };
  actor: { mbox?: string };
  object: { id: string; definition?: { interactionType?: string; correctResponsesPattern?: string[] } };
  result?: {
    success?: boolean;
    completion?: boolean;
    response?: string;
    duration?: string;
    score?: { scaled?: number; raw?: number; max?: number };
  };
  context: {
    registration?: string;
    extensions?: Record<string, unknown>;
    contextActivities?: { category?: Array<{ id: string }>; grouping?: Array<{ id: string }> };
  };
}

interface Launch {
  id: string;
  token: string;
  registration: string;
  sessionId: string;
  activityId: string;
  fetchCalls: number;
  stateReads: number;
  launchData: Record<string, unknown>;
  statements: Array<{ statement: Statement; authorization: string | undefined }>;
}

/** The LMS side: fetch URLs, the launch data state document and a statements resource that checks every request. */
class LrsStub {
  readonly launches = new Map<string, Launch>();
  readonly problems: string[] = [];
  readonly server: Server = createServer((request, response) => void this.handle(request, response));
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  launch(activityId: string, launchData: Record<string, unknown>): Launch {
    const sessionId = randomUUID();
    const contextTemplate = { contextActivities: { grouping: [{ id: PUBLISHER_ID }] }, extensions: { [SESSION_ID]: sessionId } };
    const launch: Launch = {
      id: randomUUID(),
      token: Buffer.from(`${randomUUID()}:${randomUUID()}`).toString('base64'),
      registration: randomUUID(),
      sessionId,
      activityId,
      fetchCalls: 0,
      stateReads: 0,
      launchData: { contextTemplate, launchMode: 'Normal', launchMethod: 'AnyWindow', returnURL: `${this.url}/return`, ...launchData },
      statements: [],
    };
    this.launches.set(launch.id, launch);
    return launch;
  }

  verbs(launch: Launch): string[] {
    return launch.statements.map(({ statement }) => statement.verb.id.split('/').pop() ?? '');
  }

  private send(response: ServerResponse, status: number, body?: unknown, type = 'application/json'): void {
    response.writeHead(status, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Experience-API-Version',
      'Content-Type': type,
    });
    response.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** The launch whose token the request carries, or null after recording why not. */
  private authorized(request: IncomingMessage, what: string): Launch | null {
    if (request.headers['x-experience-api-version'] !== '1.0.3') this.problems.push(`${what} without X-Experience-API-Version: 1.0.3`);
    const launch = [...this.launches.values()].find((candidate) => request.headers.authorization === `Basic ${candidate.token}`);
    if (launch === undefined) this.problems.push(`${what} with Authorization ${request.headers.authorization ?? 'none'}`);
    return launch ?? null;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    let body = '';
    for await (const chunk of request) body += String(chunk);
    if (request.method === 'OPTIONS') return this.send(response, 204);

    const fetchMatch = /^\/fetch\/([\w-]+)$/.exec(url.pathname);
    if (fetchMatch !== null && request.method === 'POST') {
      const launch = this.launches.get(fetchMatch[1] ?? '');
      if (launch === undefined) return this.send(response, 404, { 'error-code': '3', 'error-text': 'unknown launch' });
      launch.fetchCalls += 1;
      if (launch.fetchCalls > 1) return this.send(response, 401, { 'error-code': '1', 'error-text': 'the fetch URL was already used' });
      return this.send(response, 200, { 'auth-token': launch.token });
    }

    if (url.pathname === '/xapi/activities/state' && request.method === 'GET') {
      const launch = this.authorized(request, 'state GET');
      if (launch === null) return this.send(response, 401, { error: 'unauthorized' });
      const query = url.searchParams;
      const agent = JSON.parse(query.get('agent') ?? '{}') as { mbox?: string };
      const matches =
        query.get('stateId') === 'LMS.LaunchData' &&
        query.get('activityId') === launch.activityId &&
        query.get('registration') === launch.registration &&
        agent.mbox === 'mailto:ada@example.org';
      if (!matches) {
        this.problems.push(`unexpected state request ${url.search}`);
        return this.send(response, 404, { error: 'no such state' });
      }
      launch.stateReads += 1;
      return this.send(response, 200, launch.launchData);
    }

    if (url.pathname === '/xapi/statements' && request.method === 'POST') {
      const launch = this.authorized(request, 'statement POST');
      if (launch === null) return this.send(response, 401, { error: 'unauthorized' });
      const parsed = JSON.parse(body) as Statement | Statement[];
      const statements = Array.isArray(parsed) ? parsed : [parsed];
      for (const statement of statements) launch.statements.push({ statement, authorization: request.headers.authorization });
      return this.send(
        response,
        200,
        statements.map(() => randomUUID()),
      );
    }

    if (url.pathname === '/return' || url.pathname === '/elsewhere')
      return this.send(response, 200, `<!doctype html><title>LMS</title><p>${url.pathname}</p>`, 'text/html');
    // The browser also asks the LMS origin for /favicon.ico; only xAPI and fetch requests must be right.
    if (/^\/(xapi|fetch)\//.test(url.pathname)) this.problems.push(`unexpected ${request.method} ${url.pathname}`);
    return this.send(response, 404, { error: 'not found' });
  }
}

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.xml': 'application/xml' };

function serveDirectory(root: string): Server {
  return createServer((request, response) => {
    const file = path.join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    try {
      if (!file.startsWith(root)) throw new Error('outside');
      const bytes = readFileSync(file);
      response.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
      response.end(bytes);
    } catch {
      response.writeHead(404).end();
    }
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a cmi5 AU in a real browser', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'mirai-cmi5-'));
  const packageDir = path.join(workDir, 'package');
  const lrs = new LrsStub();
  const content = serveDirectory(packageDir);
  let contentUrl = '';
  let activityId = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    const coursePath = path.join(workDir, 'course.json');
    writeFileSync(coursePath, JSON.stringify(course));
    await promisify(execFile)(process.execPath, [path.join(repoRoot, 'plugins/export-cmi5/scripts/write-package.ts'), coursePath, packageDir]);
    const au = /<au id="([^"]+)"/.exec(readFileSync(path.join(packageDir, 'cmi5.xml'), 'utf8'));
    activityId = au?.[1] ?? '';
    await lrs.start();
    await new Promise<void>((resolve) => content.listen(0, '127.0.0.1', resolve));
    contentUrl = `http://127.0.0.1:${(content.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => lrs.server.close(resolve));
    await new Promise((resolve) => content.close(resolve));
    rmSync(workDir, { recursive: true, force: true });
  });

  async function openAu(launch: Launch): Promise<Page> {
    if (browser === undefined) throw new Error('setup did not finish');
    const query = new URLSearchParams({
      endpoint: `${lrs.url}/xapi/`,
      fetch: `${lrs.url}/fetch/${launch.id}`,
      actor: JSON.stringify({ objectType: 'Agent', name: 'Ada', mbox: 'mailto:ada@example.org' }),
      registration: launch.registration,
      activityId: launch.activityId,
    });
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${contentUrl}/${AU_FILE}?${query}`);
    await page.getByText('Your progress is being recorded.').waitFor();
    expect(errors).toEqual([]);
    return page;
  }

  /** Ticks the labelled choices, types `typed` into the short answer, and submits. */
  async function answer(page: Page, choices: string[], typed: string): Promise<void> {
    for (const choice of choices) await page.getByLabel(choice, { exact: true }).check();
    await page.getByLabel('Your answer').fill(typed);
    await page.getByRole('button', { name: 'Submit answers' }).click();
  }

  /** The "answered" statements: one per question, each a cmi.interaction of the AU with the learner's response. */
  function answeredStatements(launch: Launch) {
    return launch.statements.map(({ statement }) => statement).filter((statement) => statement.verb.id.endsWith('/answered'));
  }

  /** The cmi5 defined statements, in order, without the "answered" ones. */
  const cmi5Verbs = (launch: Launch) => lrs.verbs(launch).filter((verb) => verb !== 'answered');

  function expectCmi5Context(launch: Launch, stateReads = 1): void {
    for (const { statement, authorization } of launch.statements) {
      expect(authorization).toBe(`Basic ${launch.token}`);
      // "answered" is a cmi5 allowed statement about a question of the AU, checked in answeredStatements.
      if (statement.verb.id.endsWith('/answered')) {
        expect(statement.object.id.startsWith(`${launch.activityId}/question/`)).toBe(true);
        expect(statement.context.contextActivities?.category?.map((category) => category.id) ?? []).not.toContain(CMI5);
        expect(statement.context.registration).toBe(launch.registration);
        continue;
      }
      expect(statement.object.id).toBe(launch.activityId);
      expect(statement.actor.mbox).toBe('mailto:ada@example.org');
      expect(statement.context.registration).toBe(launch.registration);
      expect(statement.context.extensions?.[SESSION_ID]).toBe(launch.sessionId);
      expect(statement.context.contextActivities?.grouping).toEqual([{ id: PUBLISHER_ID }]);
      const categories = statement.context.contextActivities?.category?.map((category) => category.id) ?? [];
      expect(categories).toContain(CMI5);
      const verb = statement.verb.id.split('/').pop() ?? '';
      expect(categories.includes(MOVEON), `${verb} moveon category`).toBe(['passed', 'failed', 'completed'].includes(verb));
    }
    expect(launch.fetchCalls).toBe(1);
    expect(launch.stateReads).toBe(stateReads);
  }

  it('initializes, passes with the LMS mastery score, completes and terminates on Exit', async () => {
    const launch = lrs.launch(activityId, { moveOn: 'CompletedOrPassed', masteryScore: 0.6 });
    const page = await openAu(launch);
    await until(() => lrs.verbs(launch).length === 1, 'initialized');

    await answer(page, ['Task', 'Load', 'False'], 'Effort');
    await page.getByText('You answered 2 of 3 correctly: passed.').first().waitFor();
    await expect(page.getByText('Environment.', { exact: true }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Finish lesson' }).click();
    await page.getByRole('button', { name: 'Exit' }).click();
    await page.waitForURL(`${lrs.url}/return`);

    expect(cmi5Verbs(launch)).toEqual(['initialized', 'passed', 'completed', 'terminated']);
    expect(
      answeredStatements(launch).map((statement) => [
        statement.object.definition?.interactionType,
        statement.object.definition?.correctResponsesPattern,
        statement.result?.response,
        statement.result?.success,
      ]),
    ).toEqual([
      ['choice', ['a[,]c'], 'a[,]c', true],
      ['true-false', ['false'], 'false', true],
      ['fill-in', ['Environment'], 'Effort', false],
    ]);
    const [, passed, completed, terminated] = launch.statements
      .map(({ statement }) => statement)
      .filter((statement) => !statement.verb.id.endsWith('/answered'));
    expect(passed?.result?.success).toBe(true);
    expect(passed?.result?.score?.scaled).toBeCloseTo(2 / 3, 5);
    expect(passed?.result?.score).toMatchObject({ raw: 2, max: 3 });
    expect(passed?.context.extensions?.[MASTERY]).toBe(0.6);
    expect(completed?.result?.completion).toBe(true);
    expect(terminated?.result?.duration).toMatch(/^PT[\d.]+S$/);
    expectCmi5Context(launch);
    expect(lrs.problems).toEqual([]);
    await page.context().close();
  });

  it('fails below the packaged mastery score, sends no completed under moveOn Passed, and terminates when the page goes away', async () => {
    const launch = lrs.launch(activityId, { moveOn: 'Passed' });
    const page = await openAu(launch);

    await answer(page, ['Task', 'True'], 'environment');
    await page.getByText('You answered 1 of 3 correctly: not passed yet.').first().waitFor();
    await page.getByRole('button', { name: 'Finish lesson' }).click();
    await until(() => lrs.verbs(launch).includes('failed'), 'failed');
    await page.goto(`${lrs.url}/elsewhere`);
    await until(() => lrs.verbs(launch).includes('terminated'), 'terminated on pagehide');

    expect(cmi5Verbs(launch)).toEqual(['initialized', 'failed', 'terminated']);
    expect(answeredStatements(launch).map((statement) => statement.result?.success)).toEqual([false, false, true]);
    const failed = launch.statements.map(({ statement }) => statement).find((statement) => statement.verb.id.endsWith('/failed'));
    expect(failed?.result?.success).toBe(false);
    expect(failed?.result?.score?.scaled).toBeCloseTo(1 / 3, 5);
    // The LMS sent no masteryScore: the AU judged by the packaged 0.8 and claims no LMS mastery score.
    expect(failed?.context.extensions?.[MASTERY]).toBeUndefined();
    expectCmi5Context(launch);
    expect(lrs.problems).toEqual([]);
    await page.context().close();
  });

  it('ends the session when the page reloads and neither reuses the fetch URL nor sends after terminated', async () => {
    const launch = lrs.launch(activityId, { moveOn: 'CompletedOrPassed', masteryScore: 0.6 });
    const page = await openAu(launch);
    await page.reload();
    await page.getByText('This session has ended.', { exact: false }).waitFor();
    await answer(page, ['Task', 'Load', 'False'], 'Environment');
    await page.getByRole('button', { name: 'Finish lesson' }).click();
    await page.waitForTimeout(300);

    expect(lrs.verbs(launch)).toEqual(['initialized', 'terminated']);
    // The reloaded page reads the launch data again (for the session id), but with the token it already had.
    expectCmi5Context(launch, 2);
    expect(lrs.problems).toEqual([]);
    await page.context().close();
  });
});
