import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { verificationTokenFor } from '../support/dev-mailbox.ts';
import { DESKTOP, phoneContextLike, screenshotBothWidths, signUpOwner } from './journeys/admin-steps.ts';

const PASSWORD = 'correct horse battery';

interface ApiSession {
  token: string;
  tenant: { id: string };
}

/** The other organisation's owner works through the API; only the person switching uses the browser. */
async function api<T>(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function dashboardOrganisation(page: Page): Promise<{ name: string | null; role: string | null; courses: string[] }> {
  await page.getByTestId('tenant-name').waitFor();
  return {
    name: await page.getByTestId('tenant-name').textContent(),
    role: await page.getByTestId('role').textContent(),
    courses: await page.getByTestId('course-card').locator('h3').allTextContents(),
  };
}

/** Serves, from another port of 127.0.0.1, a page that posts a form to `action` as soon as it loads. */
async function serveHostilePage(action: string, organisationId: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<form method="post" action="${action}"><input name="organisationId" value="${organisationId}"></form><script>document.forms[0].submit()</script>`;
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Picks an organisation in the header and waits for the dashboard it redirects to to show it. */
async function switchTo(page: Page, option: string): Promise<void> {
  await page.getByLabel('Organisation').selectOption({ label: option });
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Switch' }).click(),
  ]);
  const name = option.replace(/ \(\w+\)$/, '');
  await page.waitForFunction((expected) => document.querySelector('[data-testid="tenant-name"]')?.textContent === expected, name);
}

describe('working in several organisations in a real browser', () => {
  const stack = useBrowserStack('organisations');

  it('joins a second organisation, switches between them from the header, and survives being removed', async () => {
    const { api: running, app, browser, contexts } = stack.get();
    const stamp = Date.now();
    const host = await api<ApiSession>(running.url, 'POST', '/v1/auth/signup', undefined, {
      email: `host-${stamp}@example.org`,
      password: PASSWORD,
      tenantName: 'Harbour Logistics',
    });
    await api(running.url, 'POST', '/v1/courses', host.token, { title: 'Forklift basics' });
    const consultant = `consultant-${stamp}@example.org`;
    const invitation = await api<{ token: string }>(running.url, 'POST', '/v1/invitations', host.token, {
      email: consultant,
      role: 'author',
      delivery: 'link',
    });

    const desktop = await browser.newContext({ viewport: DESKTOP });
    contexts.push(desktop);
    const page = await desktop.newPage();
    await signUpOwner(page, app.url, { email: consultant, password: PASSWORD }, 'Aurora Training');
    await expect(dashboardOrganisation(page)).resolves.toEqual({ name: 'Aurora Training', role: 'owner', courses: [] });
    // One organisation: no switcher to distract.
    await expect(page.getByLabel('Organisation').count()).resolves.toBe(0);

    // Only the verified owner of the invited address may accept: the consultant follows the mailed link.
    await page.goto(`${app.url}/verify-email?token=${await verificationTokenFor(stack.get().dataDir, consultant)}`);
    await page.getByRole('button', { name: /confirm/i }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /confirmed/i })
      .waitFor();

    // Accepting the invitation while signed in moves the app into the organisation joined.
    await page.goto(`${app.url}/join?token=${invitation.token}`);
    await page.getByRole('button', { name: `Join as ${consultant}` }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('working in that organisation');
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await expect(dashboardOrganisation(page)).resolves.toEqual({ name: 'Harbour Logistics', role: 'author', courses: ['Forklift basics'] });

    // The header's switcher lists both with the role in each; switching changes what every page shows.
    const switcher = page.getByLabel('Organisation');
    await expect(switcher.locator('option').allTextContents()).resolves.toEqual(['Aurora Training (owner)', 'Harbour Logistics (author)']);
    await expectAccessible(page, 'dashboard with the organisation switcher');
    const phone = await phoneContextLike(browser, desktop);
    contexts.push(phone);
    await screenshotBothWidths(page, await phone.newPage(), 'organisation-switcher');
    await switchTo(page, 'Aurora Training (owner)');
    await expect(dashboardOrganisation(page)).resolves.toEqual({ name: 'Aurora Training', role: 'owner', courses: [] });
    await expect(page.getByLabel('Organisation').locator('option:checked').textContent()).resolves.toBe('Aurora Training (owner)');

    // A page on another origin of the same site (127.0.0.1, another port) posts the switch form with
    // the user's cookies (SameSite=Lax lets that through): the app refuses it and nothing changes.
    const harbourId = await page.getByLabel('Organisation').locator('option', { hasText: 'Harbour Logistics' }).getAttribute('value');
    const hostile = await serveHostilePage(`${app.url}/organisation`, harbourId ?? '');
    try {
      const forgery = await desktop.newPage();
      const [forged] = await Promise.all([
        forgery.waitForResponse((response) => response.url() === `${app.url}/organisation`),
        forgery.goto(hostile.url),
      ]);
      expect(forged.status()).toBe(403);
      await forgery.close();
    } finally {
      await hostile.close();
    }
    await page.goto(`${app.url}/dashboard`);
    await expect(dashboardOrganisation(page)).resolves.toMatchObject({ name: 'Aurora Training' });

    // Back to Harbour, then the host removes the consultant: the next page load falls back to Aurora.
    await switchTo(page, 'Harbour Logistics (author)');
    await expect(dashboardOrganisation(page)).resolves.toMatchObject({ name: 'Harbour Logistics' });
    const members = await api<{ items: { id: string; email: string }[] }>(running.url, 'GET', '/v1/members', host.token);
    const membership = members.items.find((member) => member.email === consultant);
    if (membership === undefined) throw new Error('the consultant is not listed as a member');
    await api(running.url, 'DELETE', `/v1/members/${membership.id}`, host.token);
    await page.goto(`${app.url}/dashboard`);
    await expect(dashboardOrganisation(page)).resolves.toEqual({ name: 'Aurora Training', role: 'owner', courses: [] });
    await expect(page.getByLabel('Organisation').count()).resolves.toBe(0);
  }, 120_000);
});
