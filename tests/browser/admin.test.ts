import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import {
  acceptInvitation,
  changeRole,
  configurePlugin,
  DESKTOP,
  inviteMember,
  openAdmin,
  phoneContextLike,
  removeMember,
  screenshot,
  screenshotBothWidths,
  signUpOwner,
  submitAndSettle,
} from './journeys/admin-steps.ts';

const PASSWORD = 'correct horse battery';
const GEMINI_KEY = 'AIzaSy-browser-test-secret-0123456789';

describe('tenant administration in a real browser', () => {
  const stack = useBrowserStack('admin');

  it('manages members, configures ai-gemini with a write-only key and shows AI usage', async () => {
    const { app, browser, contexts } = stack.get();
    const appUrl = app.url;
    const stamp = Date.now();
    const owner = { email: `owner-${stamp}@example.org`, password: PASSWORD };
    const author = { email: `author-${stamp}@example.org`, password: PASSWORD };

    const desktop = await browser.newContext({ viewport: DESKTOP });
    contexts.push(desktop);
    const page = await desktop.newPage();
    await signUpOwner(page, appUrl, owner, 'Admin Test Academy');
    const phone = await phoneContextLike(browser, desktop);
    contexts.push(phone);
    const phonePage = await phone.newPage();

    // Overview: the header link leads to it.
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await expect(page.getByTestId('overview-members').textContent()).resolves.toBe('1');
    await expectAccessible(page, '/admin');
    await screenshotBothWidths(page, phonePage, 'admin-overview');

    // Members: invite an author; the link is shown for copying and the invitation is pending.
    await openAdmin(page, appUrl, 'members');
    const link = await inviteMember(page, author.email, 'author');
    expect(link).toMatch(new RegExp(`^${appUrl}/join\\?token=`));
    const pending = page.locator(`tr[data-invitation="${author.email}"]`);
    await expect(pending.textContent()).resolves.toContain('Author');
    await expectAccessible(page, '/admin/members (invitation created)');
    await screenshot(page, 'admin-members-invited-desktop');

    // A second invitation, revoked again.
    const learnerEmail = `learner-${stamp}@example.org`;
    await inviteMember(page, learnerEmail, 'learner');
    await page
      .locator(`tr[data-invitation="${learnerEmail}"]`)
      .getByRole('button', { name: `Revoke the invitation for ${learnerEmail}` })
      .click();
    await page.locator(`tr[data-invitation="${learnerEmail}"]`).waitFor({ state: 'detached' });

    // The invitee joins through the link; as an author the admin pages explain why they are closed.
    const authorContext = await acceptInvitation(browser, link, author);
    contexts.push(authorContext);
    const authorPage = await authorContext.newPage();
    await authorPage.goto(`${appUrl}/admin/members`);
    await expect(authorPage.getByTestId('admin-denied').textContent()).resolves.toContain('needs the owner or admin role');
    await expectAccessible(authorPage, '/admin (author, denied)');
    await screenshot(authorPage, 'admin-denied-desktop');

    // Change the author's role to admin; the change survives a reload.
    await page.reload();
    await expect(page.locator(`tr[data-invitation="${author.email}"]`).count()).resolves.toBe(0);
    await expect(changeRole(page, author.email, 'admin')).resolves.toBe('Role changed to admin.');
    await page.reload();
    await expect(page.getByLabel(`Role of ${author.email}`).inputValue()).resolves.toBe('admin');

    // The only owner cannot remove themselves: the refusal is shown as an alert with focus on it.
    const refusal = await removeMember(page, owner.email);
    expect(refusal).toContain('at least one owner');
    await expect(
      page.locator('#members-status').evaluate((element) => element === document.activeElement && element.getAttribute('role') === 'alert'),
    ).resolves.toBe(true);
    await expectAccessible(page, '/admin/members');
    await screenshotBothWidths(page, phonePage, 'admin-members');

    // Remove the new admin after confirming.
    await expect(removeMember(page, author.email)).resolves.toBe(`${author.email} was removed.`);
    await expect(page.locator(`tr[data-member="${author.email}"]`).count()).resolves.toBe(0);

    // Plugins: ai-gemini is listed disabled; enabling it without a key says what is missing.
    await openAdmin(page, appUrl, 'plugins');
    const gemini = page.locator('[data-plugin="ai-gemini"]');
    await expect(gemini.getByTestId('plugin-state').textContent()).resolves.toBe('Disabled');
    await expect(gemini.locator('.tag').allTextContents()).resolves.toContain('ai');
    await gemini.getByRole('button', { name: 'Enable ai-gemini' }).click();
    await expect(gemini.getByRole('alert').textContent()).resolves.toContain('API key');
    await expectAccessible(page, '/admin/plugins');
    await screenshotBothWidths(page, phonePage, 'admin-plugins');

    // Configure: a bad value is mapped onto its field, which receives focus.
    await gemini.getByRole('link', { name: 'Configure ai-gemini' }).click();
    await page.getByRole('heading', { level: 1, name: /Gemini/ }).waitFor();
    expect(page.url()).toBe(`${appUrl}/admin/plugins/ai-gemini`);
    await expect(page.getByTestId('secret-status-apiKey').textContent()).resolves.toBe('Not set');
    const invalid = await configurePlugin(page, {
      enabled: true,
      text: { 'API key': GEMINI_KEY, Retries: '99' },
      select: { Model: 'gemini-2.5-pro' },
    });
    expect(invalid).toContain('needs attention');
    const retries = page.getByLabel('Retries', { exact: false });
    await expect(retries.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#config-maxRetries-error').textContent()).resolves.toBe('Must be at most 10.');
    await expect(retries.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await expect(page.content()).resolves.not.toContain(GEMINI_KEY);
    await expectAccessible(page, '/admin/plugins/ai-gemini (errors)');
    await screenshot(page, 'admin-plugin-errors-desktop');

    // Fix it and save: the key is stored but never sent back, the page says it is set.
    const saved = await configurePlugin(page, { enabled: true, text: { 'API key': GEMINI_KEY, Retries: '4' }, select: { Model: 'gemini-2.5-pro' } });
    // A new key is tested once (this one is made up, or Google is out of reach): the page says so, and the settings stand.
    expect(saved).toMatch(/^Settings saved\. ai-gemini is enabled\. The key was tested and did not work: /);
    await expect(page.getByTestId('secret-status-apiKey').textContent()).resolves.toBe('Set');
    await expect(page.getByLabel('API key', { exact: false }).inputValue()).resolves.toBe('');
    await expect(page.getByLabel('Model', { exact: false }).inputValue()).resolves.toBe('gemini-2.5-pro');
    await page.reload();
    expect(await page.content()).not.toContain(GEMINI_KEY);
    await expect(page.getByTestId('secret-status-apiKey').textContent()).resolves.toBe('Set');
    await expect(page.getByLabel('Retries', { exact: false }).inputValue()).resolves.toBe('4');
    await expectAccessible(page, '/admin/plugins/ai-gemini');
    await screenshotBothWidths(page, phonePage, 'admin-plugin-gemini');

    // Saving again with the key left blank keeps it.
    await expect(configurePlugin(page, { select: { Model: 'gemini-2.5-flash' } })).resolves.toBe('Settings saved. ai-gemini is enabled.');
    await expect(page.getByTestId('secret-status-apiKey').textContent()).resolves.toBe('Set');
    await openAdmin(page, appUrl, 'plugins');
    await expect(page.locator('[data-plugin="ai-gemini"]').getByTestId('plugin-state').textContent()).resolves.toBe('Enabled');

    // Usage: no allowance yet, then the owner sets one and the meter appears.
    await openAdmin(page, appUrl, 'usage');
    await expect(page.getByTestId('usage-summary').textContent()).resolves.toContain('No monthly allowance');
    await page.getByLabel('Tokens per month').fill('100,000');
    await submitAndSettle(page, () => page.getByRole('button', { name: 'Save allowance' }).click());
    await expect(page.locator('#cap-status').textContent()).resolves.toBe('The monthly allowance is now 100,000 tokens.');
    await expect(page.locator('meter#usage-meter').getAttribute('max')).resolves.toBe('100000');
    await expect(page.getByTestId('usage-summary').textContent()).resolves.toContain('0 of 100,000 tokens');
    await expectAccessible(page, '/admin/usage');
    await screenshotBothWidths(page, phonePage, 'admin-usage');
  }, 240_000);
});
