import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type KratosFake, startKratosFake } from '@mirai/auth-kratos/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { type RunningApi, startApi } from '../support/start-api.ts';
import { type RunningApp, startApp } from '../support/start-app.ts';

// App, API and Kratos on 127.0.0.1 (different ports): cookies ignore ports, so the browser sends
// Kratos' session cookie to the app, as it would with app and Kratos under one parent domain.
describe('signing in through Kratos in a real browser', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mirai-kratos-browser-'));
  let kratos: KratosFake | undefined;
  let api: RunningApi | undefined;
  let app: RunningApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    kratos = await startKratosFake();
    api = await startApi(dataDir, 90_000, {
      name: 'api-kratos',
      env: { MIRAI_AUTH_PROVIDER: 'auth-kratos', MIRAI_KRATOS_PUBLIC_URL: kratos.url, MIRAI_KRATOS_CACHE_TTL_SECONDS: '0' },
    });
    app = await startApp({ dataDir, apiUrl: api.url });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await api?.stop();
    await kratos?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('sends sign-in to Kratos, comes back signed in to a new organisation, and signs out through Kratos', async () => {
    if (kratos === undefined || app === undefined || browser === undefined) throw new Error('setup did not finish');
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = `kratos-${Date.now()}@example.org`;

    await page.goto(`${app.url}/sign-in`);
    await page.waitForURL((url) => url.origin === kratos?.url && url.pathname === '/self-service/login/browser');
    expect(new URL(page.url()).searchParams.get('return_to')).toBe(`${app.url}/dashboard`);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL(`${app.url}/dashboard`);
    await expect(page.getByTestId('user-email').textContent()).resolves.toBe(email);
    await expect(page.getByTestId('role').textContent()).resolves.toBe('owner');
    await expect(page.locator('[data-plugin="auth-kratos"]').count()).resolves.toBe(1);
    expect((await context.cookies()).some((cookie) => cookie.name === 'ory_kratos_session')).toBe(true);

    // Sign-up goes to Kratos' registration flow.
    const signUp = await context.newPage();
    await signUp.goto(`${app.url}/sign-up`);
    await signUp.waitForURL((url) => url.pathname === '/self-service/registration/browser');
    await signUp.close();

    // Sign out: Kratos' logout flow clears its cookie; the dashboard is closed again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.origin === kratos?.url && url.pathname === '/self-service/login/browser');
    expect((await context.cookies()).some((cookie) => cookie.name === 'ory_kratos_session')).toBe(false);
    await page.goto(`${app.url}/dashboard`);
    await page.waitForURL((url) => url.pathname === '/self-service/login/browser');
    await context.close();
  }, 120_000);
});
