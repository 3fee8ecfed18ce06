import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
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

/** Runs axe-core on the page (violations are printed) and fails on serious or critical ones. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const serious = await auditAccessibility(page, label);
  expect(serious, `serious or critical axe violations on ${label}`).toEqual([]);
}
