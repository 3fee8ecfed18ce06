import { TestPlatform } from '@mirai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { signUp } from '../support/generation-client.ts';
import { DESKTOP, screenshot } from './journeys/admin-steps.ts';
import { signInThroughForm } from './journeys/learner-steps.ts';

const TITLE = 'Working at height';
const PASSWORD = 'correct horse battery';
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';

describe('an LTI 1.3 launch in a real browser', () => {
  // The platform's JWKS is on loopback: the operator admits it past the egress guard.
  const stack = useBrowserStack('lti-launch', { apiEnv: { MIRAI_EGRESS_ALLOW: '127.0.0.1' } });

  it('takes a learner from the platform through login, launch and hand-off into the course', async () => {
    const { api, app, browser, contexts } = stack.get();
    const platform = await TestPlatform.start();
    try {
      const ownerEmail = `owner-${Date.now()}@lti-launch.example`;
      const owner = await signUp(api.url, ownerEmail);
      const courseId = ((await owner.call({ method: 'POST', url: '/v1/courses', payload: { title: TITLE } })).body as { id: string }).id;
      const outline = (
        await owner.call({
          method: 'PUT',
          url: `/v1/courses/${courseId}/outline`,
          payload: { modules: [{ title: 'Basics', lessons: [{ title: 'Ladders', objectives: [] }] }] },
        })
      ).body as { modules: Array<{ lessons: Array<{ id: string }> }> };
      const lessonId = outline.modules[0]?.lessons[0]?.id ?? '';
      await owner.call({
        method: 'PUT',
        url: `/v1/lessons/${lessonId}/blocks`,
        payload: { blocks: [{ id: 'intro', type: 'markdown', markdown: 'Three points of contact.' }] },
      });
      expect((await owner.call({ method: 'POST', url: `/v1/courses/${courseId}/publish` })).status).toBe(200);
      const registered = await owner.call({
        method: 'POST',
        url: '/v1/lti/platforms',
        payload: {
          name: 'Test platform',
          issuer: platform.issuer,
          clientId: platform.clientId,
          deploymentIds: [platform.deploymentId],
          ...platform.urls,
          lineItem: undefined,
        },
      });
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      // The platform verifies Mirai's client assertions (for the roster) against the keyset the registration names.
      const toolJwksPath = new URL((registered.body as { tool: { jwksUrl: string } }).tool.jwksUrl).pathname;
      platform.trustTool(await (await fetch(`${api.url}${toolJwksPath}`)).json());
      // The launch offers the context's roster (NRPS), so the admin can bring the rest of the class in.
      platform.launchClaims = {
        'https://purl.imsglobal.org/spec/lti/claim/custom': { course_id: courseId },
        'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
          context_memberships_url: platform.membershipsUrl,
          service_versions: ['2.0'],
        },
      };
      platform.roster = [
        // The learner who launches (the spec example's sub) is already in; the classmates are not.
        { user_id: 'a6d5c443-1f51-4783-ba1a-7686ffe3b54a', status: 'Active', roles: [LEARNER] },
        { user_id: 'classmate-1', status: 'Active', roles: [LEARNER] },
        { user_id: 'classmate-2', status: 'Active', roles: [LEARNER] },
      ];

      const context = await browser.newContext({ viewport: DESKTOP });
      contexts.push(context);
      // The API's MIRAI_APP_URL is the default (the stack does not set it): send its hand-off to this app.
      await context.route('http://localhost:3000/lti/continue**', (route) =>
        route.fulfill({
          status: 302,
          headers: { location: `${app.url}${new URL(route.request().url()).pathname}${new URL(route.request().url()).search}` },
        }),
      );
      const page = await context.newPage();
      const login = new URLSearchParams({
        iss: platform.issuer,
        login_hint: '185',
        target_link_uri: `${api.url}/lti/launch`,
        client_id: platform.clientId,
      });
      await page.goto(`${api.url}/lti/login?${login}`);
      await page.waitForURL(`${app.url}/learn/${courseId}`);
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await expectAccessible(page, '/learn/:courseId after an LTI launch');
      await screenshot(page, 'lti-launch-landed-desktop');

      // The owner syncs the platform course's roster: the two classmates who never launched join and are enrolled.
      const admin = await browser.newContext({ viewport: DESKTOP });
      contexts.push(admin);
      const adminPage = await admin.newPage();
      await signInThroughForm(adminPage, app.url, { email: ownerEmail, password: PASSWORD });
      await adminPage.goto(`${app.url}/admin/lti`);
      await adminPage.getByTestId('lti-rosters').waitFor();
      await expectAccessible(adminPage, '/admin/lti with a roster');
      await adminPage.getByRole('button', { name: 'Sync roster of Economics' }).click();
      const status = adminPage.locator('#lti-status');
      // Success or failure, the status line says so.
      await status.filter({ hasText: /\S/ }).waitFor();
      await expect(status.textContent()).resolves.toBe(
        "Economics as a Social Science: 3 members on the platform's roster, 2 joined this organisation, 2 newly enrolled.",
      );
      await expect(adminPage.getByTestId('lti-rosters').getByText('Never').count()).resolves.toBe(0);
      await screenshot(adminPage, 'lti-roster-synced-desktop');
    } finally {
      await platform.close();
    }
  });
});
