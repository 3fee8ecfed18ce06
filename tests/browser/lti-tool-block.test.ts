import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { signUp } from '../support/generation-client.ts';
import { LtiSpecTool } from '../support/lti-spec-tool.ts';
import { DESKTOP } from './journeys/admin-steps.ts';
import { previewAndPublish, waitUntilSaved } from './journeys/author-steps.ts';
import { enrolFromCatalogue, signInThroughForm } from './journeys/learner-steps.ts';

const PASSWORD = 'correct horse battery';
const TITLE = 'Forklift practice';
const TOOL = 'Spec Simulator';
const ACTIVITY = 'Simulator run';

/** Clicks a link that opens a new tab and returns that tab once it has loaded. */
async function openInNewTab(context: BrowserContext, click: () => Promise<void>): Promise<Page> {
  const [tab] = await Promise.all([context.waitForEvent('page'), click()]);
  await tab.waitForLoadState();
  return tab;
}

describe('an external LTI tool in a lesson, in a real browser', () => {
  // The tool's JWKS is on loopback: the operator admits it past the egress guard.
  const stack = useBrowserStack('lti-tool-block', { apiEnv: { MIRAI_EGRESS_ALLOW: '127.0.0.1' } });

  it('an admin registers a tool, the author picks it and chooses content by Deep Linking, a learner launches it and its score reaches the gradebook', async () => {
    const { api, app, browser, contexts } = stack.get();
    const tool = await LtiSpecTool.start();
    try {
      const stamp = Date.now();
      const ownerEmail = `owner-${stamp}@lti-tool.example`;
      const owner = await signUp(api.url, ownerEmail);
      const authorContext = await browser.newContext({ viewport: DESKTOP });
      contexts.push(authorContext);
      const author = await authorContext.newPage();
      await signInThroughForm(author, app.url, { email: ownerEmail, password: PASSWORD });

      // The admin registers the tool; the tool is given what Mirai issued.
      await author.goto(`${app.url}/admin/lti-tools`);
      await author.getByLabel('Name (authors see it)').fill(TOOL);
      await author.getByLabel('OIDC login initiation URL').fill(tool.registration.loginUrl);
      await author.getByLabel('Launch (target link) URL').fill(tool.registration.launchUrl);
      await author.getByLabel('Public keyset (JWKS) URL').fill(tool.registration.jwksUrl);
      await author.getByLabel('Deep linking URL (optional)').fill(tool.registration.deepLinkingUrl);
      await author.getByRole('button', { name: 'Register tool' }).click();
      await author
        .locator('#lti-tools-status')
        .filter({ hasText: `${TOOL} registered` })
        .waitFor();
      const tools = (await owner.call({ method: 'GET', url: '/v1/lti/tools' })).body as Array<Parameters<LtiSpecTool['configure']>[0]>;
      const registered = tools[0];
      if (registered === undefined) throw new Error('the tool was not registered');
      tool.configure(registered);

      const courseId = ((await owner.call({ method: 'POST', url: '/v1/courses', payload: { title: TITLE } })).body as { id: string }).id;
      const outline = (
        await owner.call({
          method: 'PUT',
          url: `/v1/courses/${courseId}/outline`,
          payload: { modules: [{ title: 'Driving', lessons: [{ title: 'In the simulator', objectives: [] }] }] },
        })
      ).body as { modules: Array<{ lessons: Array<{ id: string }> }> };
      const lessonId = outline.modules[0]?.lessons[0]?.id ?? '';
      await owner.call({
        method: 'PUT',
        url: `/v1/lessons/${lessonId}/blocks`,
        payload: { blocks: [{ id: 'intro', type: 'markdown', markdown: 'Drive the route in the simulator.' }] },
      });

      // The author adds the block, picks the tool by name and chooses content in it.
      await author.goto(`${app.url}/courses/${courseId}/edit/${lessonId}`);
      await author.getByTestId('block-card').first().waitFor();
      await author.getByLabel('New block').selectOption({ label: 'External tool (LTI)' });
      await author.getByRole('button', { name: 'Add block' }).click();
      const block = author.locator('[data-testid="block-card"][data-block-type="external-tool"]');
      await block.getByLabel('Activity title').fill(ACTIVITY);
      await block.getByLabel('Tool', { exact: true }).selectOption({ label: TOOL });
      await waitUntilSaved(author);
      await expectAccessible(author, 'editor with an external-tool block');
      await block.getByRole('button', { name: 'Choose content from the tool' }).click();
      const open = block.getByRole('link', { name: `Open ${TOOL} to choose content (new tab)` });
      await open.waitFor();
      expect(await author.evaluate(() => document.activeElement?.textContent ?? '')).toContain(`Open ${TOOL}`);
      const picker = await openInNewTab(authorContext, () => open.click());
      await picker.getByRole('button', { name: 'Choose Level 2' }).click();
      await picker.getByRole('heading', { name: 'Back to Mirai' }).waitFor();
      await expect(picker.textContent('body')).resolves.toContain('Chosen: Level 2.');
      await picker.close();
      // Coming back reloads the lesson; the button does the same for anyone whose browser kept focus here.
      const show = author.getByRole('button', { name: 'Show the chosen content' });
      if (await show.isVisible()) await show.click().catch(() => undefined);
      await author.getByTestId('chosen-content').filter({ hasText: 'Chosen content: Level 2 (graded out of 10).' }).waitFor();
      await expectAccessible(author, 'editor with content chosen in the tool');
      // The Deep Linking button's code loads apart from the editor's: the server still renders it
      // (its hint, not the placeholder's), and after a reload it hydrates into a working button.
      const editorHtml = await (await author.request.get(`${app.url}/courses/${courseId}/edit/${lessonId}`)).text();
      expect(editorHtml).toContain('what you choose there appears here when you come back');
      await author.reload();
      await expect.poll(() => block.getByRole('button', { name: 'Choose content from the tool' }).isEnabled(), { timeout: 30_000 }).toBe(true);
      const blockId = (await block.getAttribute('data-block-id')) ?? '';
      await previewAndPublish(author, app.url, courseId);

      // A learner joins, enrols and launches the block; the tool shows the launch and posts a score.
      const learnerEmail = `learner-${stamp}@lti-tool.example`;
      const invitation = (
        await owner.call({ method: 'POST', url: '/v1/invitations', payload: { email: learnerEmail, role: 'learner', delivery: 'link' } })
      ).body as { token: string };
      const joined = await fetch(`${api.url}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: learnerEmail, password: PASSWORD, invitationToken: invitation.token }),
      });
      expect(joined.status, await joined.clone().text()).toBe(201);
      const learnerContext = await browser.newContext({ viewport: DESKTOP });
      contexts.push(learnerContext);
      const learner = await learnerContext.newPage();
      await signInThroughForm(learner, app.url, { email: learnerEmail, password: PASSWORD });
      await enrolFromCatalogue(learner, app.url, TITLE);
      await learner.getByRole('button', { name: 'Start the activity' }).click();
      const launch = learner.getByRole('link', { name: `Open ${ACTIVITY} in a new tab` });
      await launch.waitFor();
      const toolPage = await openInNewTab(learnerContext, () => launch.click());
      await toolPage.getByRole('heading', { name: 'Launched: Level 2' }).waitFor();
      await expect(toolPage.getByTestId('launch-message').textContent()).resolves.toBe('LtiResourceLinkRequest for level 2');
      await expect(toolPage.getByTestId('score-status').textContent()).resolves.toBe('Score 8/10 sent: 204');
      const received = tool.launches[0]?.claims ?? {};
      expect(received['https://purl.imsglobal.org/spec/lti/claim/resource_link']).toEqual({ id: `${lessonId}/${blockId}`, title: 'Level 2' });
      expect(received['https://purl.imsglobal.org/spec/lti/claim/target_link_uri']).toBe(tool.content.url);

      // The author sees the score in the gradebook.
      await author.goto(`${app.url}/courses/${courseId}/gradebook`);
      const row = author.locator(`[data-testid="gradebook"] tr[data-learner="${learnerEmail}"]`);
      await expect(row.locator('td[data-label="Quiz attempts"]').textContent()).resolves.toBe('80/100');
    } finally {
      await tool.close();
    }
  });
});
