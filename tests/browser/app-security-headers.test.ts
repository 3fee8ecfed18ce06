import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/free-port.ts';
import { repoRoot } from '../support/paths.ts';
import { type ServiceProcess, spawnService } from '../support/service-process.ts';
import { type RunningApp, startApp } from '../support/start-app.ts';
import { waitForHttp } from '../support/wait-for-http.ts';

// Pages that need no API: the app answers them from its own routes (the API address is unreachable).
const NO_API = 'http://127.0.0.1:9';
const dataDir = mkdtempSync(path.join(tmpdir(), 'mirai-app-headers-'));

/** The page's CSP and the nonces its script elements carry. */
async function pageSecurity(url: string) {
  const response = await fetch(url);
  const html = await response.text();
  const csp = response.headers.get('content-security-policy') ?? '';
  const nonces = [...html.matchAll(/<script\b[^>]*\snonce="([^"]+)"/g)].map((match) => match[1]);
  const scripts = [...html.matchAll(/<script\b/g)].length;
  return { response, csp, nonces, scripts, html };
}

/** A form post from a page of another origin of the same site (another port on 127.0.0.1). */
function crossOriginPost(url: string, origin: string) {
  return fetch(url, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'email=a%40example.org&password=x',
    redirect: 'manual',
  });
}

/** Loads a page in Chromium; resolves with the CSP violations it reported and whether Remix hydrated. */
async function loadInBrowser(browser: Browser, url: string): Promise<{ violations: string[]; hydrated: boolean }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(url);
    await page.waitForFunction(() => '__remixRouter' in window && document.readyState === 'complete');
    const hydrated = await page.evaluate(() => '__remixRouter' in window);
    return { violations, hydrated };
  } finally {
    await context.close();
  }
}

function expectStrictPolicy(csp: string, nonce: string | undefined) {
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{20,}={0,2}$/);
  expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) expect(csp).toContain(directive);
}

describe('the web app in production: headers and the Origin check', () => {
  let plain: RunningApp;
  let proxied: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [plain, proxied, browser] = await Promise.all([
      startApp({ dataDir, apiUrl: NO_API }),
      startApp({ dataDir, apiUrl: NO_API, env: { MIRAI_TRUST_PROXY: 'loopback' } }),
      launchChromium(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([plain?.stop(), proxied?.stop(), browser?.close()]);
  });

  it('sends a strict CSP whose nonce every script of the page carries, a new one per response', async () => {
    const first = await pageSecurity(`${plain.url}/sign-in`);
    const second = await pageSecurity(`${plain.url}/sign-in`);
    expect(first.scripts).toBeGreaterThan(0);
    expect(first.nonces).toHaveLength(first.scripts);
    expect(new Set(first.nonces).size).toBe(1);
    expectStrictPolicy(first.csp, first.nonces[0]);
    expect(second.nonces[0]).not.toBe(first.nonces[0]);
  });

  it('sends nosniff, a referrer policy and no framing on pages and static files alike', async () => {
    const page = await pageSecurity(`${plain.url}/sign-in`);
    const asset = /<link rel="stylesheet" href="([^"]+)"/.exec(page.html)?.[1];
    expect(asset).toBeDefined();
    for (const response of [page.response, await fetch(`${plain.url}${asset}`)]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('sends HSTS only when a trusted proxy says the browser came over https', async () => {
    const overHttp = await fetch(`${plain.url}/sign-in`);
    const untrustedClaim = await fetch(`${plain.url}/sign-in`, { headers: { 'X-Forwarded-Proto': 'https' } });
    const trustedProxy = await fetch(`${proxied.url}/sign-in`, { headers: { 'X-Forwarded-Proto': 'https' } });
    const trustedPlain = await fetch(`${proxied.url}/sign-in`);
    expect(overHttp.headers.get('strict-transport-security')).toBeNull();
    expect(untrustedClaim.headers.get('strict-transport-security')).toBeNull();
    expect(trustedPlain.headers.get('strict-transport-security')).toBeNull();
    expect(trustedProxy.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
  });

  it('answers a cross-origin form post to a page route with 403, not Remix’s 500', async () => {
    const otherOrigin = `http://127.0.0.1:${await freePort()}`;
    for (const route of ['/sign-in', '/courses/new', '/organisation']) {
      const forged = await crossOriginPost(`${plain.url}${route}`, otherOrigin);
      expect(forged.status, route).toBe(403);
      await expect(forged.text()).resolves.toContain('not from this site');
    }
    // The app's own origin reaches the action (which then finds no API here: 502).
    const own = await crossOriginPost(`${plain.url}/sign-in`, plain.url);
    expect([403, 500]).not.toContain(own.status);
  });

  it('loads and hydrates in Chromium under the policy, with no violation reported', async () => {
    const loaded = await loadInBrowser(browser, `${plain.url}/sign-in`);
    expect(loaded).toEqual({ violations: [], hydrated: true });
  });
});

describe('the web app under `vite dev`', () => {
  let dev: ServiceProcess;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const { NODE_ENV: _testEnv, ...env } = process.env;
    const appDir = path.join(repoRoot, 'app');
    dev = spawnService('app-dev', process.execPath, [path.join(appDir, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:dev'], {
      cwd: appDir,
      env: { ...env, PORT: String(port), MIRAI_API_URL: NO_API, MIRAI_DATA_DIR: dataDir },
    });
    await waitForHttp(`${url}/sign-in`, dev, 120_000);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('still sends a nonce-based script policy and nosniff', async () => {
    const page = await pageSecurity(`${url}/sign-in`);
    expect(page.nonces).toHaveLength(page.scripts);
    expectStrictPolicy(page.csp, page.nonces[0]);
    expect(page.response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a cross-origin post by comparing with the app’s own host, not with the Origin itself', async () => {
    // Under vite dev the request URL is built from Origin, so the old check compared Origin with itself.
    const forged = await crossOriginPost(`${url}/sign-in`, `http://127.0.0.1:${await freePort()}`);
    expect(forged.status).toBe(403);
  });

  it('loads and hydrates in Chromium (HMR included) with no violation reported', async () => {
    const loaded = await loadInBrowser(browser, `${url}/sign-in`);
    expect(loaded).toEqual({ violations: [], hydrated: true });
  });
});
