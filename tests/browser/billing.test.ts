import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { repoRoot } from '../support/paths.ts';
import { DESKTOP, openAdmin, phoneContextLike, screenshotBothWidths, signUpOwner } from './journeys/admin-steps.ts';

const PASSWORD = 'correct horse battery';

/** A plugin folder holding core's billing-fake fixture: a billing provider whose pages live at https://pay.example. */
function billingFakePluginDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mirai-billing-plugins-'));
  symlinkSync(path.join(repoRoot, 'core', 'test-fixtures', 'plugins', 'billing-fake'), path.join(dir, 'billing-fake'), 'dir');
  return dir;
}

const PLANS = [
  { name: 'free', seats: 3, aiTokensPerMonth: 1000, purchasable: false },
  { name: 'team', seats: 25, aiTokensPerMonth: 500_000, purchasable: true },
];

describe('billing administration in a real browser', () => {
  const stack = useBrowserStack('billing', { apiEnv: { MIRAI_PLUGIN_PATHS: billingFakePluginDir() } });

  it('shows the plan against its limits, and sends the owner to checkout and the portal and back', async () => {
    const { api, app, browser, contexts } = stack.get();
    const owner = { email: `billing-${Date.now()}@example.org`, password: PASSWORD };
    const desktop = await browser.newContext({ viewport: DESKTOP });
    contexts.push(desktop);
    const page = await desktop.newPage();
    await signUpOwner(page, app.url, owner, 'Billing Test Co');

    // Without a billing plugin nothing is charged, and the page says where to turn it on.
    await openAdmin(page, app.url, 'billing');
    await page.getByTestId('billing-disabled').waitFor();

    const login = await fetch(`${api.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const enabled = await fetch(`${api.url}/v1/plugins/billing-fake`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ enabled: true, config: { remote: { plan: 'free', seats: 3, aiTokensPerMonth: 1000 }, plans: PLANS } }),
    });
    expect(enabled.status).toBe(200);

    await openAdmin(page, app.url, 'billing');
    await expect(page.getByRole('heading', { level: 2, name: /^Plan: free/ }).count()).resolves.toBe(1);
    await expect(page.getByTestId('billing-seats').textContent()).resolves.toBe('1 of 3');
    await expect(page.getByTestId('billing-tokens').textContent()).resolves.toBe('0 of 1,000');
    // The current plan cannot be bought again; the first other plan is preselected.
    await expect(page.getByRole('radio', { name: /^free/ }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: /^team/ }).isChecked()).resolves.toBe(true);
    await expectAccessible(page, '/admin/billing');
    const phone = await phoneContextLike(browser, desktop);
    contexts.push(phone);
    await screenshotBothWidths(page, await phone.newPage(), 'admin-billing');

    // The provider's pages are outside this machine: answer them here and check where the browser was sent.
    await page.route('https://pay.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>pay</title><h1>Provider</h1>' }));
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/^https:\/\/pay\.example\/checkout/);
    const checkout = new URL(page.url());
    expect(checkout.searchParams.get('plan')).toBe('team');
    expect(checkout.searchParams.get('email')).toBe(owner.email);

    // Coming back from a completed checkout says the plan follows once the provider confirms it.
    await page.goto(`${app.url}/admin/billing?checkout=done`);
    await expect(page.getByTestId('checkout-return').textContent()).resolves.toContain('as soon as the payment provider confirms it');

    await page.getByRole('button', { name: 'Manage payment details and invoices' }).click();
    await page.waitForURL(/^https:\/\/pay\.example\/portal/);
    expect(new URL(page.url()).searchParams.get('return')).toBe(`${app.url}/admin/billing`);
  }, 120_000);
});
