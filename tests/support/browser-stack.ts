import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { auditAccessibility, screenshotsDir } from '../browser/journeys/admin-steps.ts';
import { launchChromium } from './chromium.ts';
import { freePort } from './free-port.ts';
import { type RunningApi, startApi } from './start-api.ts';
import { type RunningApp, startApp } from './start-app.ts';

export interface BrowserStack {
  api: RunningApi;
  app: RunningApp;
  browser: Browser;
  /** Contexts opened by a test; closed after the file. */
  contexts: BrowserContext[];
  /** The API's MIRAI_DATA_DIR (its development mailbox is under plugins/mail-smtp/mailbox). */
  dataDir: string;
}

/**
 * Registers the hooks that give a browser test file its own API (embedded defaults, fresh data
 * directory), the web app in front of it and Chromium, and tear them down after the file. The
 * app's port is chosen first so the API can allow its origin: browsers PUT uploads straight to
 * the storage plugin's presigned URL on the API.
 */
export function useBrowserStack(
  name: string,
  options: { apiEnv?: Record<string, string>; appEnv?: Record<string, string> } = {},
): { get(): BrowserStack } {
  const dataDir = mkdtempSync(path.join(tmpdir(), `mirai-${name}-`));
  const contexts: BrowserContext[] = [];
  let running: Partial<BrowserStack> = {};

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    // Both ports are chosen first (the API allows the app's origin; the app is told the API's URL),
    // so the API, the app and Chromium start side by side: the browser files run one at a time,
    // and starting them one after another left a core idle for the length of each start. Until the
    // API is up the app's `/` answers 503 (it asks the API for the sign-in provider, uncached on
    // failure), so the app's wait for a 200 also rides out the API's start.
    const [appPort, apiPort] = await Promise.all([freePort(), freePort()]);
    const [api, app, browser] = await Promise.allSettled([
      startApi(dataDir, 90_000, {
        name: `api-${name}`,
        port: apiPort,
        env: { MIRAI_CORS_ORIGINS: `http://127.0.0.1:${appPort}`, ...options.apiEnv },
      }),
      startApp({ dataDir, apiUrl: `http://127.0.0.1:${apiPort}`, port: appPort, env: options.appEnv }),
      launchChromium(),
    ]);
    const value = <T>(result: PromiseSettledResult<T>) => (result.status === 'fulfilled' ? result.value : undefined);
    // Whatever did start is stopped by afterAll, which runs after a failed beforeAll too.
    running = { api: value(api), app: value(app), browser: value(browser), contexts };
    for (const result of [api, app, browser]) if (result.status === 'rejected') throw result.reason;
  }, 180_000);

  // A failure in CI leaves nothing behind to look at: print what the pages showed and what the API
  // and the app said last, where the run's output keeps it.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    console.error(await failureReport(running, contexts));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await running.browser?.close();
    await running.app?.stop();
    await running.api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  return {
    get() {
      const { api, app, browser } = running;
      if (api === undefined || app === undefined || browser === undefined) throw new Error('the browser stack did not start');
      return { api, app, browser, contexts, dataDir };
    },
  };
}

/** Whether the API still reaches its database, and its job metrics: a stalled job and a stalled database look alike on a page. */
async function apiState(apiUrl: string): Promise<string> {
  const read = (path: string) =>
    fetch(`${apiUrl}${path}`, { signal: AbortSignal.timeout(5_000) })
      .then(async (response) => `${response.status} ${await response.text()}`)
      .catch((error: unknown) => `no answer: ${error instanceof Error ? error.message : String(error)}`);
  const [ready, metrics] = await Promise.all([read('/readyz'), read('/metrics')]);
  const jobLines = metrics.split('\n').filter((line) => /^mirai_(job|outbox)/.test(line));
  return `--- API /readyz: ${ready}\n--- API job metrics:\n${jobLines.length > 0 ? jobLines.join('\n') : metrics.slice(0, 300)}`;
}

/** The open pages' addresses and visible text, and the last lines of the API's and the app's logs. */
async function failureReport(running: Partial<BrowserStack>, contexts: BrowserContext[]): Promise<string> {
  const parts: string[] = [];
  for (const page of contexts.flatMap((context) => context.pages())) {
    const text = await page
      .locator('body')
      // biome-ignore lint/performance/useDomNodeTextContent: what a person saw on the page, not the DOM's hidden text
      .innerText({ timeout: 2_000 })
      .catch((error: unknown) => `(unreadable: ${error instanceof Error ? error.message : String(error)})`);
    parts.push(`--- page ${page.url()}\n${text.slice(0, 3_000)}`);
  }
  if (running.api !== undefined) parts.push(await apiState(running.api.url));
  for (const service of [running.api?.service, running.app?.service]) {
    if (service === undefined) continue;
    const lines = service.logTail(2_000).split('\n');
    // Warnings and errors (pino levels 40 and up) from the whole run, then the last lines, each cut short.
    const warnings = lines.filter((line) => /"level":\s*[4-6]0/.test(line)).slice(-15);
    const short = (line: string) => (line.length > 400 ? `${line.slice(0, 400)}…` : line);
    parts.push(
      `--- ${service.name} (${service.logFile}) warnings:\n${warnings.map(short).join('\n')}\n--- last lines:\n${lines.slice(-20).map(short).join('\n')}`,
    );
  }
  return `browser test failed; what it left:\n${parts.join('\n')}`;
}

/** Runs axe-core on the page (violations are printed) and fails on serious or critical ones. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const serious = await auditAccessibility(page, label);
  expect(serious, `serious or critical axe violations on ${label}`).toEqual([]);
}
