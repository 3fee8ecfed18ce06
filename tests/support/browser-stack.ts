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
    const appPort = await freePort();
    const api = await startApi(dataDir, 90_000, {
      name: `api-${name}`,
      env: { MIRAI_CORS_ORIGINS: `http://127.0.0.1:${appPort}`, ...options.apiEnv },
    });
    running = { api };
    const app = await startApp({ dataDir, apiUrl: api.url, port: appPort, env: options.appEnv });
    running = { api, app };
    running = { api, app, browser: await launchChromium(), contexts };
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
