import { httpCaller } from '@mirai/core/testing';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser-stack.ts';
import { courseWithOutline, type Session, signUp } from '../support/generation-client.ts';
import { signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';

// The audit's payload (a tab inside the scheme) and its relatives; each sets a marker if it ever runs.
const MARKDOWN = [
  '[policy tab](<java\tscript:window.__pwned=1;alert(document.domain)>)',
  '[policy ref][1]',
  '[policy entity](jav&#x09;ascript:window.__pwned=3)',
  '[policy upper](JAVASCRIPT:window.__pwned=4)',
  '[policy data](data:text/html,<script>alert(5)</script>)',
  '[policy safe](https://example.org/ok)',
  '',
  '[1]: javascript:window.__pwned=2',
].join('\n\n');
const CALLOUT = '[callout tab](<java\tscript:window.__pwned=6>)\n\n[callout ref][c]\n\n[c]: <vbscript:msgbox(7)>';
const PAYLOAD_TEXTS = ['policy tab', 'policy ref', 'policy entity', 'policy upper', 'policy data', 'callout tab', 'callout ref'];

/** Through the API: an author saves the payloads into the only lesson and publishes; a learner joins and enrols. */
async function publishedPayloadLesson(apiUrl: string, stamp: number): Promise<{ courseId: string; lessonId: string; learnerEmail: string }> {
  const owner: Session = await signUp(apiUrl, `xss-author-${stamp}@example.org`);
  const courseId = await courseWithOutline(owner, 1, 1);
  const outline = (await owner.call({ method: 'GET', url: `/v1/courses/${courseId}/outline` })).body as {
    modules: Array<{ lessons: Array<{ id: string }> }>;
  };
  const lessonId = outline.modules[0]?.lessons[0]?.id ?? '';
  const saved = await owner.call({
    method: 'PUT',
    url: `/v1/lessons/${lessonId}/blocks`,
    payload: {
      blocks: [
        { id: 'md', type: 'markdown', markdown: MARKDOWN },
        { id: 'co', type: 'callout', tone: 'warning', markdown: CALLOUT },
      ],
    },
  });
  if (saved.status !== 200) throw new Error(`saving blocks failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  const published = await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` });
  if (published.status !== 200) throw new Error(`publishing failed: ${JSON.stringify(published.body)}`);

  const learnerEmail = `xss-learner-${stamp}@example.org`;
  const { token } = (
    await owner.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
  ).body as {
    token: string;
  };
  const joined = await fetch(`${apiUrl}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: learnerEmail, password: PASSWORD, invitationToken: token }),
  });
  if (joined.status !== 201) throw new Error(`learner sign-up failed: ${joined.status}`);
  const learner = httpCaller(apiUrl, ((await joined.json()) as { token: string }).token);
  const enrolled = await learner({ method: 'POST', url: `/v1/courses/${courseId}/enrolments` });
  if (enrolled.status !== 201) throw new Error(`enrolment failed: ${enrolled.status}`);
  return { courseId, lessonId, learnerEmail };
}

describe('links an author writes never run script for a learner', () => {
  const stack = useBrowserStack('link-xss');

  it('renders the payloads without a dangerous href, and clicking them runs nothing', async () => {
    const { app, api, browser, contexts } = stack.get();
    const { courseId, lessonId, learnerEmail } = await publishedPayloadLesson(api.url, Date.now());
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    await signInThroughForm(page, app.url, { email: learnerEmail, password: PASSWORD });
    await page.goto(`${app.url}/learn/${courseId}/${lessonId}`);
    await page.locator('#lesson-heading').waitFor();
    await page.getByText('policy safe', { exact: true }).waitFor();

    const hrefs = await page.locator('article a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(hrefs).toContain('https://example.org/ok');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these inside a scheme, so the check does too
    for (const href of hrefs) expect(href.replace(/[\u0000-\u0020]/g, '').toLowerCase()).not.toMatch(/^(javascript|vbscript|data):|&#|&colon;/);

    for (const text of PAYLOAD_TEXTS) {
      const label = page.getByText(text, { exact: true });
      await expect(label.count(), text).resolves.toBe(1);
      await expect(page.locator('a', { hasText: text }).count(), text).resolves.toBe(0);
      await label.click();
    }
    // Let anything a click queued (a javascript: navigation is a task) run before looking.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(page.url()).toBe(`${app.url}/learn/${courseId}/${lessonId}`);
  });
});
