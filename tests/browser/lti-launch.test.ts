import { TestPlatform } from '@mirai/core/testing';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useBrowserStack } from '../support/browser-stack.ts';
import { signUp } from '../support/generation-client.ts';
import { DESKTOP, screenshot } from './journeys/admin-steps.ts';

const TITLE = 'Working at height';

describe('an LTI 1.3 launch in a real browser', () => {
  // The platform's JWKS is on loopback: the operator admits it past the egress guard.
  const stack = useBrowserStack('lti-launch', { apiEnv: { MIRAI_EGRESS_ALLOW: '127.0.0.1' } });

  it('takes a learner from the platform through login, launch and hand-off into the course', async () => {
    const { api, app, browser, contexts } = stack.get();
    const platform = await TestPlatform.start();
    try {
      const owner = await signUp(api.url, `owner-${Date.now()}@lti-launch.example`);
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
      platform.launchClaims = { 'https://purl.imsglobal.org/spec/lti/claim/custom': { course_id: courseId } };

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
    } finally {
      await platform.close();
    }
  });
});
