import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { DESKTOP } from './journeys/admin-steps.ts';

const OLD_PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a fresh passphrase for mirai';

describe('changing the password and ending sessions on the account page in a real browser', () => {
  const stack = useBrowserStack('account-password');

  it('signs out another session, refuses a wrong current password with focus on it, and changes the password', async () => {
    const { api, app, browser, contexts } = stack.get();
    const email = `careful-${Date.now()}@example.org`;
    const post = (path: string, body: unknown) =>
      fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const signup = await post('/v1/auth/signup', { email, password: OLD_PASSWORD, tenantName: 'Careful Training' });
    expect(signup.status).toBe(201);
    const elsewhere = { authorization: `Bearer ${(await signup.json()).token}` };
    const meElsewhere = async () => (await fetch(`${api.url}/v1/me`, { headers: elsewhere })).status;

    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${app.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(OLD_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.url}/dashboard`);
    await page.goto(`${app.url}/account`);
    await expectAccessible(page, 'account');

    // The session made at sign-up is the other one: signing it out ends it in the API.
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await expect(sessions.getByRole('listitem').count()).resolves.toBe(2);
    await expect(sessions.getByText('This session').count()).resolves.toBe(1);
    await sessions.getByRole('button', { name: /^Sign out/ }).click();
    await sessions.getByRole('status').filter({ hasText: 'The session was signed out.' }).waitFor();
    // The list is read again after the action: wait for the second row to go, then count.
    await sessions.getByRole('listitem').nth(1).waitFor({ state: 'detached' });
    await expect(sessions.getByRole('listitem').count()).resolves.toBe(1);
    expect(await meElsewhere()).toBe(401);

    const form = page.getByRole('region', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password at all');
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('New password again').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('is not your current password').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-currentPassword');

    const another = await post('/v1/auth/login', { email, password: OLD_PASSWORD });
    expect(another.status).toBe(200);
    await form.getByLabel('Current password').fill(OLD_PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('New password again').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').filter({ hasText: 'Your password is changed. 1 other session was signed out.' }).waitFor();
    expect((await fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${(await another.json()).token}` } })).status).toBe(401);
    expect((await post('/v1/auth/login', { email, password: NEW_PASSWORD })).status).toBe(200);
    // This browser's session stays signed in.
    await page.reload();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(page.url()).toBe(`${app.url}/account`);
  });
});
