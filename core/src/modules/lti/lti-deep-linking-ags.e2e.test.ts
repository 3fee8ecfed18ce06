import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse, type PublishedFixture } from '../learning/testing/learning-fixture.ts';
import { initiateLogin, postLaunch, redeem, registerPlatform } from './testing/lti-fixture.ts';
import { SPEC_EXAMPLE, TestPlatform } from './testing/test-platform.ts';

let t: TestServer;
let owner: SignedUp;
let platform: TestPlatform;
let course: PublishedFixture;
let toolJwksPath: string;

const RETURN_URL = 'https://platform.example.edu/deep-links/return';
const DATA = 'csrftoken:c7fbba78-7b75-46e3-9201-11e6d5f36f53';
const deepLinkingRequest = (roles: string[]) => ({
  sub: 'teacher-7',
  'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingRequest',
  'https://purl.imsglobal.org/spec/lti/claim/roles': roles,
  'https://purl.imsglobal.org/spec/lti/claim/resource_link': undefined,
  'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
    deep_link_return_url: RETURN_URL,
    accept_types: ['ltiResourceLink'],
    accept_presentation_document_targets: ['iframe', 'window'],
    data: DATA,
  },
});

const field = (html: string, name: string): string => {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (match?.[1] === undefined) throw new Error(`no ${name} in ${html}`);
  return match[1].replaceAll('&quot;', '"').replaceAll('&amp;', '&');
};

beforeAll(async () => {
  // The background tick (which sends scores) runs every half of this.
  t = await startTestServer({ MIRAI_JOB_STALE_SECONDS: '2', MIRAI_EGRESS_ALLOW: '127.0.0.1' });
  platform = await TestPlatform.start();
  owner = await t.signup('owner@lti-dl.example');
  course = await authoredCourse(t, owner);
  await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/publish`, headers: owner.auth });
  toolJwksPath = new URL((await registerPlatform(t, owner, platform)).tool.jwksUrl).pathname;
});
afterAll(async () => {
  await platform.close();
  await t.close();
});

async function pickCourse(): Promise<{ html: string; csp: string }> {
  const login = await initiateLogin(t, platform);
  const response = await postLaunch(t, login, await platform.idToken(login.nonce, deepLinkingRequest(SPEC_EXAMPLE.instructorRoles)));
  expect(response.statusCode, response.body).toBe(200);
  return { html: response.body, csp: String(response.headers['content-security-policy']) };
}

const choose = (context: string, courseId: string) =>
  t.inject({
    method: 'POST',
    url: '/lti/deep-linking/response',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ context, course_id: courseId }).toString(),
  });

describe('Mirai as an LTI 1.3 tool: deep linking and grade passback', () => {
  let link: Record<string, unknown>;

  it('lets an instructor pick a published course and posts a signed LtiDeepLinkingResponse back', async () => {
    const picker = await pickCourse();
    expect(picker.html).toContain(`value="${course.courseId}"`);
    expect(picker.html).toContain('Lifting safely');
    const answer = await choose(field(picker.html, 'context'), course.courseId);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.body).toContain(`action="${RETURN_URL}"`);
    expect(String(answer.headers['content-security-policy'])).toContain('form-action https://platform.example.edu');
    const jwt = field(answer.body, 'JWT');
    const toolJwks = (await t.inject({ method: 'GET', url: toolJwksPath })).json();
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(toolJwks), { issuer: platform.clientId, audience: platform.issuer });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': platform.deploymentId,
      'https://purl.imsglobal.org/spec/lti-dl/claim/data': DATA,
    });
    const items = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Record<string, unknown>[];
    expect(items).toEqual([
      { type: 'ltiResourceLink', title: 'Lifting safely', url: `${t.server.config.publicUrl}/lti/launch`, custom: { course_id: course.courseId } },
    ]);
    link = items[0] ?? {};
  });

  it('refuses deep linking to a learner and an altered picker context', async () => {
    const login = await initiateLogin(t, platform);
    const learnerRequest = await postLaunch(t, login, await platform.idToken(login.nonce, deepLinkingRequest(SPEC_EXAMPLE.learnerRoles)));
    expect(learnerRequest.json()).toMatchObject({ code: 'MIRAI_ERR_AUTH_FORBIDDEN' });
    const context = field((await pickCourse()).html, 'context');
    const [header, , signature] = context.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(context), returnUrl: 'https://evil.example/' })).toString('base64url')}.${signature}`;
    expect((await choose(forged, course.courseId)).json()).toMatchObject({ code: 'MIRAI_ERR_LTI_DEEP_LINK_INVALID' });
  });

  it("sends the learner's score to the platform's line item when the linked course is completed", async () => {
    const login = await initiateLogin(t, platform);
    const launch = await postLaunch(
      t,
      login,
      await platform.idToken(login.nonce, {
        sub: 'learner-42',
        'https://purl.imsglobal.org/spec/lti/claim/custom': link.custom,
        'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
          scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
          lineitem: platform.urls.lineItem,
        },
      }),
    );
    expect(launch.statusCode, launch.body).toBe(303);
    const learner = await redeem(t, String(launch.headers.location));
    const enrolmentId = (await t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: learner.auth })).json().items[0].id;
    const lessons = `/v1/enrolments/${enrolmentId}/lessons`;
    const wrong = {
      blockId: 'check',
      answers: [
        { questionId: 'q1', choiceIndex: 0 },
        { questionId: 'q2', choiceIndex: 0 },
      ],
    };
    const right = {
      blockId: 'check',
      answers: [
        { questionId: 'q1', choiceIndex: 1 },
        { questionId: 'q2', choiceIndex: 0 },
      ],
    };
    await t.inject({ method: 'POST', url: `${lessons}/${course.lessonIds[0]}/quiz-attempts`, headers: learner.auth, payload: wrong });
    await t.inject({ method: 'POST', url: `${lessons}/${course.lessonIds[0]}/quiz-attempts`, headers: learner.auth, payload: right });
    await t.inject({ method: 'PUT', url: `${lessons}/${course.lessonIds[0]}/progress`, headers: learner.auth, payload: { completed: true } });
    // Nothing goes back before the course is complete.
    expect(platform.scores).toEqual([]);
    const last = await t.inject({
      method: 'PUT',
      url: `${lessons}/${course.lessonIds[1]}/progress`,
      headers: learner.auth,
      payload: { completed: true },
    });
    expect(last.statusCode, last.body).toBe(200);
    await vi.waitFor(() => expect(platform.scores).toHaveLength(1), { timeout: 20_000, interval: 200 });
    const [sent] = platform.scores;
    expect(sent?.lineItem).toBe(platform.urls.lineItem.replace('/lineitems/7?', '/lineitems/7/scores?'));
    expect(sent?.score).toMatchObject({
      userId: 'learner-42',
      scoreGiven: 2,
      scoreMaximum: 2,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    expect(platform.tokenRequests).toEqual([{ ok: true }]);
  });
});
