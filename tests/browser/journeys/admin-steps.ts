import path from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifactsDir } from '../../support/paths.ts';

/** Reusable steps through the tenant administration pages, for this and other browser journeys. */

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
export const screenshotsDir = path.join(artifactsDir, 'screenshots');

export interface Account {
  email: string;
  password: string;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
}

/** A phone-sized context sharing the desktop context's session cookie. */
export async function phoneContextLike(browser: Browser, desktop: BrowserContext): Promise<BrowserContext> {
  const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone.addCookies(await desktop.cookies());
  return phone;
}

/** Screenshots a page at desktop width (the given page) and at 375 px (a phone page on the same session). */
export async function screenshotBothWidths(page: Page, phonePage: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-desktop`);
  await phonePage.goto(page.url());
  await phonePage.locator('h1').first().waitFor();
  const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) {
    // Name the widest elements that stick out, so the failure says what to fix.
    const culprits = await phonePage.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .slice(-5)
        .map(
          (element) =>
            `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')} (${Math.round(element.getBoundingClientRect().right)}px)`,
        ),
    );
    throw new Error(`${name} scrolls sideways by ${overflow}px at ${PHONE.width}px wide: ${culprits.join(', ')}`);
  }
  await screenshot(phonePage, `${name}-phone`);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core on the page, prints every violation (so the results are in the test output) and
 * returns the serious and critical ones, which callers fail on.
 */
export async function auditAccessibility(page: Page, label: string): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the app's CSP (nonce-only scripts) refuses an injected <script>.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  const lines = violations.map((v) => `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0] ?? ''})`);
  console.log(`axe ${label}: ${violations.length === 0 ? 'no violations' : `${violations.length} violation(s)\n${lines.join('\n')}`}`);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export async function signUpOwner(page: Page, appUrl: string, account: Account, tenantName: string): Promise<void> {
  await page.goto(`${appUrl}/sign-up`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByLabel('Organisation name').fill(tenantName);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL(`${appUrl}/dashboard`);
}

export type AdminSection = '' | 'members' | 'plugins' | 'usage' | 'billing' | 'lti' | `plugins/${string}`;

export async function openAdmin(page: Page, appUrl: string, section: AdminSection): Promise<void> {
  await page.goto(`${appUrl}/admin${section === '' ? '' : `/${section}`}`);
  await page.locator('h1').first().waitFor();
}

/** Creates an invitation from the members page and returns the accept link shown for copying. */
export async function inviteMember(page: Page, email: string, role: 'owner' | 'admin' | 'author' | 'learner'): Promise<string> {
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('radio', { name: new RegExp(`^${role}`, 'i') }).check();
  await page.getByRole('radio', { name: /^Show me a link to share/ }).check();
  await submitAndSettle(page, () => page.getByRole('button', { name: 'Create invitation' }).click());
  const created = page.getByTestId('invitation-created');
  await created.waitFor();
  if (!((await created.textContent()) ?? '').includes(email)) throw new Error(`the confirmation does not name ${email}`);
  return page.getByTestId('invitation-link').inputValue();
}

/** Opens an invitation link in a fresh (signed-out) context and creates the invitee's account. */
export async function acceptInvitation(browser: Browser, link: string, account: Account): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account and join' }).click();
  // Learners start on their courses, other roles on the dashboard.
  await page.waitForURL(/\/(dashboard|learn)$/);
  return context;
}

/** Clicks a button that submits a page form and waits until the action and the reload after it are done. */
export async function submitAndSettle(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), click()]);
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
}

const memberRow = (page: Page, email: string) => page.locator(`tr[data-member="${email}"]`);

export async function changeRole(page: Page, email: string, role: string): Promise<string> {
  const row = memberRow(page, email);
  await row.getByLabel(`Role of ${email}`).selectOption(role);
  await row.getByRole('button', { name: 'Change role' }).click();
  const result = row.locator('.row-result');
  await result.waitFor();
  return (await result.textContent()) ?? '';
}

/** Removes a member through the confirmation step; returns the page's status or alert text. */
export async function removeMember(page: Page, email: string): Promise<string> {
  await memberRow(page, email)
    .getByRole('link', { name: `Remove ${email}` })
    .click();
  const confirmation = page.getByTestId('confirm-removal');
  await confirmation.waitFor();
  await submitAndSettle(page, () => confirmation.getByRole('button', { name: 'Remove member' }).click());
  return (await page.locator('#members-status').textContent()) ?? '';
}

/** Fills the generated settings form of a plugin (by label) and saves; returns the status text. */
export async function configurePlugin(
  page: Page,
  settings: { enabled?: boolean; text?: Record<string, string>; select?: Record<string, string> },
): Promise<string> {
  if (settings.enabled !== undefined) await page.getByLabel('Enabled for this organisation').setChecked(settings.enabled);
  for (const [label, value] of Object.entries(settings.text ?? {})) await page.getByLabel(label, { exact: false }).first().fill(value);
  for (const [label, value] of Object.entries(settings.select ?? {})) await page.getByLabel(label, { exact: false }).first().selectOption(value);
  await submitAndSettle(page, () => page.getByRole('button', { name: 'Save settings' }).click());
  return (await page.locator('#plugin-status').textContent()) ?? '';
}
