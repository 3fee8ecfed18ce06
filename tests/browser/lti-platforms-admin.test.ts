import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { DESKTOP, openAdmin, phoneContextLike, screenshotBothWidths, signUpOwner, submitAndSettle } from './journeys/admin-steps.ts';

describe('LTI platforms in the administration', () => {
  const stack = useBrowserStack('lti-admin');

  it('registers a platform, shows the URLs to give it and removes it', async () => {
    const { app, browser, contexts } = stack.get();
    const desktop = await browser.newContext({ viewport: DESKTOP });
    contexts.push(desktop);
    const page = await desktop.newPage();
    await signUpOwner(page, app.url, { email: `owner-${Date.now()}@lti.example`, password: 'correct horse battery' }, 'LTI Academy');
    await openAdmin(page, app.url, 'lti');
    await page.getByRole('heading', { level: 1, name: 'LTI platforms' }).waitFor();
    await expectAccessible(page, '/admin/lti (empty)');

    const values: Record<string, string> = {
      'Name (for you)': 'Campus Moodle',
      'Issuer (platform ID)': 'https://moodle.example.edu',
      'Client ID': 'mirai-client-1',
      'Deployment IDs (separated by commas)': '1, 2',
      'Authentication request URL': 'https://moodle.example.edu/mod/lti/auth.php',
      'Public keyset URL': 'https://moodle.example.edu/mod/lti/certs.php',
      'Access token URL': 'https://moodle.example.edu/mod/lti/token.php',
    };
    for (const [label, value] of Object.entries(values)) await page.getByLabel(label).fill(value);
    await submitAndSettle(page, () => page.getByRole('button', { name: 'Register platform' }).click());
    await expect(page.locator('#lti-status').textContent()).resolves.toContain('Campus Moodle registered');
    const row = await page.getByTestId('lti-platforms').locator('tbody tr').first().textContent();
    expect(row).toContain('mirai-client-1');
    expect(row).toMatch(/\/lti\/login/);
    expect(row).toMatch(/\/lti\/organisations\/[0-9a-f-]{36}\/jwks/);
    await expectAccessible(page, '/admin/lti (one platform)');
    const phone = await phoneContextLike(browser, desktop);
    contexts.push(phone);
    await screenshotBothWidths(page, await phone.newPage(), 'admin-lti');

    await submitAndSettle(page, () => page.getByRole('button', { name: 'Remove Campus Moodle' }).click());
    await page.getByText('No platforms yet.').waitFor();
  });
});
