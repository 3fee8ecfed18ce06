import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { mailedTokenFor } from '../support/dev-mailbox.ts';
import { DESKTOP } from './journeys/admin-steps.ts';

const OLD_PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a fresh passphrase for mirai';

describe('resetting a forgotten password in a real browser', () => {
  const stack = useBrowserStack('password-reset');

  it('asks for a link, follows it from the mailbox, chooses a new password and signs in with it', async () => {
    const { api, app, browser, contexts, dataDir } = stack.get();
    const email = `forgetful-${Date.now()}@example.org`;
    const signup = await fetch(`${api.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: OLD_PASSWORD, tenantName: 'Forgetful Training' }),
    });
    expect(signup.status).toBe(201);

    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${app.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // Sign-in has an Email field too: filling before the client-side navigation lands would type into the page being left.
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Mail me a reset link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If an account uses' }).textContent()).resolves.toContain(email);

    await page.goto(`${app.url}/reset-password?token=${await mailedTokenFor(dataDir, email, 'reset-password')}`);
    await expectAccessible(page, 'reset password');
    // A mismatch is caught on the page, and focus goes to the field to fix.
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill('something else entirely');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('Type the same password twice.').waitFor();
    await expect(page.getByLabel('New password again').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();

    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.url}/dashboard`);
  });
});
