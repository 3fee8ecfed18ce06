import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { artifactsDir } from '../support/paths.ts';
import { type RunningApi, startApi } from '../support/start-api.ts';
import { type RunningApp, startApp } from '../support/start-app.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const screenshotsDir = path.join(artifactsDir, 'screenshots');

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
}

async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('signing up in a real browser', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mirai-browser-'));
  let api: RunningApi | undefined;
  let app: RunningApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi(dataDir, 90_000, { emptyDatabase: true });
    app = await startApp({ dataDir, apiUrl: api.url });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('signs up, shows the dashboard, signs out and signs in again', async () => {
    if (app === undefined || browser === undefined) throw new Error('setup did not finish');
    const appUrl = app.url;
    const email = `owner-${Date.now()}@example.org`;
    const password = 'correct horse battery';
    const tenantName = 'Browser Test Academy';

    const desktop: BrowserContext = await browser.newContext({ viewport: DESKTOP });
    const phone: BrowserContext = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await desktop.newPage();
    const phonePage = await phone.newPage();

    // Sign up through the form.
    await page.goto(`${appUrl}/sign-up`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Create your organisation');
    await screenshot(page, 'sign-up-desktop');
    await phonePage.goto(`${appUrl}/sign-up`);
    await screenshot(phonePage, 'sign-up-phone');

    // A too-short password is flagged on its field, which receives focus.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Organisation name').fill(tenantName);
    await page.getByRole('button', { name: 'Sign up' }).click();
    const passwordField = page.getByLabel('Password');
    await page.locator('#field-password[aria-invalid="true"]').waitFor();
    await expect(passwordField.getAttribute('aria-describedby')).resolves.toContain('field-password-error');
    await expect(page.locator('#field-password-error').textContent()).resolves.toContain('10 characters');
    await expect(passwordField.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await expect(page.getByLabel('Organisation name').inputValue()).resolves.toBe(tenantName);

    await passwordField.fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${appUrl}/dashboard`);

    // The dashboard shows the account, no courses, and the built-in auth plugin.
    await expect(page.getByTestId('tenant-name').textContent()).resolves.toBe(tenantName);
    await expect(page.getByTestId('user-email').textContent()).resolves.toBe(email);
    await expect(page.getByTestId('role').textContent()).resolves.toBe('owner');
    await expect(page.getByTestId('courses-empty').textContent()).resolves.toBe('No courses yet');
    await expect(page.locator('[data-plugin="auth-local"]').count()).resolves.toBe(1);
    await screenshot(page, 'dashboard-desktop');

    // The same session on a phone-sized screen.
    await phone.addCookies(await desktop.cookies());
    await phonePage.goto(`${appUrl}/dashboard`);
    await expect(phonePage.getByTestId('tenant-name').textContent()).resolves.toBe(tenantName);
    await screenshot(phonePage, 'dashboard-phone');

    // Sign out: back on /sign-in, and the dashboard is closed.
    const signedInCookies = await desktop.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${appUrl}/sign-in`);
    await page.goto(`${appUrl}/dashboard`);
    await page.waitForURL(`${appUrl}/sign-in`);

    // A replayed cookie holds a token the API has revoked: its 401 sends the user to /sign-in and drops the cookie.
    await desktop.addCookies(signedInCookies);
    await page.goto(`${appUrl}/dashboard`);
    await page.waitForURL(`${appUrl}/sign-in`);
    await expect(desktop.cookies().then((cookies) => cookies.some((cookie) => cookie.name === 'mirai_app'))).resolves.toBe(false);

    // A wrong password shows the API's problem detail and moves focus to it.
    await fillSignIn(page, email, 'not the password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).not.toBe('');
    await expect(alert.evaluate((element) => element === document.activeElement)).resolves.toBe(true);

    // Signing in again reaches the same dashboard.
    await fillSignIn(page, email, password);
    await page.waitForURL(`${appUrl}/dashboard`);
    await expect(page.getByTestId('tenant-name').textContent()).resolves.toBe(tenantName);

    await desktop.close();
    await phone.close();
  }, 120_000);
});
