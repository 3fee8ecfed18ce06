import { type SignedUp, startTestServer, type TestServer } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CookieBrowser, formOf } from '../support/cookie-browser.ts';
import { freePort } from '../support/free-port.ts';

// Two Mirai instances over HTTP: P is the LTI 1.3 platform, T the tool. P registers T as a tool,
// T registers P as a platform; an author on P deep links T's course into a lesson, a learner on P
// launches it (OIDC login, launch, provisioned on T), T passes the score back by AGS when the
// learner completes the course, and T syncs the context's roster from P by NRPS. Embedded and
// server mode alike (each instance has its own database).

interface Instance {
  t: TestServer;
  url: string;
  owner: SignedUp;
}

async function instance(name: string, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = await startTestServer({ MIRAI_PUBLIC_URL: url, MIRAI_EGRESS_ALLOW: '127.0.0.1', ...env });
  await t.server.app.listen({ port, host: '127.0.0.1' });
  return { t, url, owner: await t.signup(`owner@${name}.example`) };
}

/** A course with one lesson of `blocks`; returns its id and the lesson's. */
async function course(on: Instance, title: string, blocks: object[]): Promise<{ courseId: string; lessonId: string }> {
  const { t, owner } = on;
  const courseId = (await t.inject({ method: 'POST', url: '/v1/courses', headers: owner.auth, payload: { title } })).json().id;
  const outline = await t.inject({
    method: 'PUT',
    url: `/v1/courses/${courseId}/outline`,
    headers: owner.auth,
    payload: { modules: [{ title: 'One', lessons: [{ title: 'Only lesson', objectives: [] }] }] },
  });
  const lessonId = outline.json().modules[0].lessons[0].id;
  const saved = await t.inject({ method: 'PUT', url: `/v1/lessons/${lessonId}/blocks`, headers: owner.auth, payload: { blocks } });
  expect(saved.statusCode, saved.body).toBe(200);
  return { courseId, lessonId };
}

const publish = async (on: Instance, courseId: string) =>
  expect((await on.t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: on.owner.auth })).statusCode).toBe(200);

/** The browser from P's login initiation URL, through T's login and P's auth endpoint, to T's answer to the launch. */
async function launchThrough(browser: CookieBrowser, loginUrl: string, p: Instance): Promise<Response> {
  const toAuth = await browser.request(loginUrl);
  expect(toAuth.status, await toAuth.clone().text()).toBe(302);
  const authUrl = String(toAuth.headers.get('location'));
  expect(authUrl.startsWith(`${p.url}/lti/platform/authorize`)).toBe(true);
  const authPage = await browser.request(authUrl);
  expect(authPage.status, await authPage.clone().text()).toBe(200);
  const form = formOf(await authPage.text());
  return browser.request(form.action, { form: form.fields });
}

describe('two Mirai instances: P launches T by LTI 1.3 with Deep Linking, AGS and NRPS', () => {
  let p: Instance;
  let tool: Instance;
  let toolCourse: { courseId: string; lessonId: string };
  let lesson: { courseId: string; lessonId: string };
  let learner: SignedUp;
  let classmate: SignedUp;
  let platformId: string;

  beforeAll(async () => {
    p = await instance('platform-p');
    // The background tick, which sends scores, runs every half of MIRAI_JOB_STALE_SECONDS.
    tool = await instance('tool-t', { MIRAI_JOB_STALE_SECONDS: '2' });
    toolCourse = await course(tool, 'Forklift basics on T', [{ id: 'intro', type: 'markdown', markdown: 'Look **before** you lift.' }]);
    await publish(tool, toolCourse.courseId);
    const registeredTool = await p.t.inject({
      method: 'POST',
      url: '/v1/lti/tools',
      headers: p.owner.auth,
      payload: {
        name: 'Mirai T',
        loginUrl: `${tool.url}/lti/login`,
        launchUrl: `${tool.url}/lti/launch`,
        jwksUrl: `${tool.url}/lti/organisations/${tool.owner.tenantId}/jwks`,
        deepLinkingUrl: `${tool.url}/lti/launch`,
      },
    });
    expect(registeredTool.statusCode, registeredTool.body).toBe(201);
    const onP = registeredTool.json();
    const registeredPlatform = await tool.t.inject({
      method: 'POST',
      url: '/v1/lti/platforms',
      headers: tool.owner.auth,
      payload: {
        name: 'Mirai P',
        issuer: onP.platform.issuer,
        clientId: onP.clientId,
        deploymentIds: [onP.deploymentId],
        authLoginUrl: onP.platform.authorizationUrl,
        jwksUrl: onP.platform.jwksUrl,
        tokenUrl: onP.platform.tokenUrl,
      },
    });
    expect(registeredPlatform.statusCode, registeredPlatform.body).toBe(201);
    platformId = registeredPlatform.json().id;
    lesson = await course(p, 'Warehouse safety on P', [{ id: 'tool', type: 'external-tool', toolId: onP.id, title: 'Forklift module' }]);
  });
  afterAll(async () => {
    await tool?.t.close();
    await p?.t.close();
  });

  it('lets P’s author pick T’s course by Deep Linking', async () => {
    const started = await p.t.inject({
      method: 'POST',
      url: `/v1/lessons/${lesson.lessonId}/lti-deep-links`,
      headers: p.owner.auth,
      payload: { blockId: 'tool' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const browser = new CookieBrowser();
    const picker = await launchThrough(browser, started.json().loginUrl, p);
    expect(picker.status, await picker.clone().text()).toBe(200);
    const choice = formOf(await picker.text());
    expect(choice.fields.course_id).toBe(toolCourse.courseId);
    const toP = await browser.request(choice.action, { form: choice.fields });
    expect(toP.status, await toP.clone().text()).toBe(200);
    const response = formOf(await toP.text());
    expect(response.action).toBe(`${p.url}/lti/platform/deep-linking/return`);
    const stored = await browser.request(response.action, { form: response.fields });
    expect(stored.status, await stored.clone().text()).toBe(200);
    const draft = await p.t.inject({ method: 'GET', url: `/v1/lessons/${lesson.lessonId}`, headers: p.owner.auth });
    expect(JSON.stringify(draft.json())).toContain(`"custom":{"course_id":"${toolCourse.courseId}"}`);
    await publish(p, lesson.courseId);
  });

  it('provisions P’s learner on T at launch and passes T’s score back to P’s gradebook', async () => {
    learner = await p.t.join(p.owner, 'learner@platform-p.example', 'learner');
    const enrolment = await p.t.inject({ method: 'POST', url: `/v1/courses/${lesson.courseId}/enrolments`, headers: learner.auth });
    const started = await p.t.inject({
      method: 'POST',
      url: `/v1/enrolments/${enrolment.json().id}/lessons/${lesson.lessonId}/lti-launches`,
      headers: learner.auth,
      payload: { blockId: 'tool' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const launched = await launchThrough(new CookieBrowser(), started.json().loginUrl, p);
    expect(launched.status, await launched.clone().text()).toBe(303);
    const code = new URL(String(launched.headers.get('location'))).searchParams.get('code');
    const handoff = await tool.t.inject({ method: 'POST', url: '/v1/lti/handoffs', payload: { code } });
    expect(handoff.statusCode, handoff.body).toBe(201);
    expect(handoff.json()).toMatchObject({ organisationId: tool.owner.tenantId, path: `/learn/${toolCourse.courseId}` });
    const onT = { authorization: `Bearer ${handoff.json().token}` };
    const enrolmentOnT = (await tool.t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: onT })).json().items[0];
    expect(enrolmentOnT.courseId).toBe(toolCourse.courseId);
    const done = await tool.t.inject({
      method: 'PUT',
      url: `/v1/enrolments/${enrolmentOnT.id}/lessons/${toolCourse.lessonId}/progress`,
      headers: onT,
      payload: { completed: true },
    });
    expect(done.statusCode, done.body).toBe(200);
    await vi.waitFor(
      async () => {
        const gradebook = await p.t.inject({ method: 'GET', url: `/v1/courses/${lesson.courseId}/gradebook`, headers: p.owner.auth });
        const row = gradebook.json().items.find((item: { userId: string }) => item.userId === learner.userId);
        expect(row?.attempts).toEqual([expect.objectContaining({ lessonId: lesson.lessonId, blockId: 'tool', correct: 100, total: 100 })]);
      },
      { timeout: 60_000, interval: 250 },
    );
  });

  it('syncs P’s roster into T: the classmate who never launched joins and is enrolled', async () => {
    classmate = await p.t.join(p.owner, 'classmate@platform-p.example', 'learner');
    expect((await p.t.inject({ method: 'POST', url: `/v1/courses/${lesson.courseId}/enrolments`, headers: classmate.auth })).statusCode).toBe(201);
    const contexts = (await tool.t.inject({ method: 'GET', url: '/v1/lti/contexts', headers: tool.owner.auth })).json();
    expect(contexts).toEqual([
      expect.objectContaining({
        platformId,
        contextId: lesson.courseId,
        title: 'Warehouse safety on P',
        courseId: toolCourse.courseId,
        membershipsUrl: `${p.url}/lti/platform/contexts/${lesson.courseId}/memberships`,
      }),
    ]);
    const synced = await tool.t.inject({ method: 'POST', url: `/v1/lti/contexts/${contexts[0].id}/roster-syncs`, headers: tool.owner.auth });
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json()).toMatchObject({ members: 3, added: 1, enrolled: 1, refusedForSeats: 0, pages: 1, truncated: false });
    const rows = await tool.t.server.orm.em.fork().execute<{ auth_subject: string; role: string; enrolled: boolean }[]>(
      `select u.auth_subject, m.role, exists (select 1 from enrolment e where e.user_id = u.id and e.course_id = ?) as enrolled
         from app_user u join membership m on m.user_id = u.id and m.tenant_id = ? where u.auth_provider = 'lti' order by u.auth_subject`,
      [toolCourse.courseId, tool.owner.tenantId],
    );
    const expected = [
      { auth_subject: `${platformId}:${p.owner.userId}`, role: 'author', enrolled: false },
      { auth_subject: `${platformId}:${learner.userId}`, role: 'learner', enrolled: true },
      { auth_subject: `${platformId}:${classmate.userId}`, role: 'learner', enrolled: true },
    ];
    expect(rows).toEqual(expect.arrayContaining(expected));
    expect(rows).toHaveLength(3);
  });
});
