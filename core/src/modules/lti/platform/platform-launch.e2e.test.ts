import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../../testing/test-server.ts';
import { authQuery, startLaunch, type ToolCourse, toolCourse } from '../testing/platform-fixture.ts';
import { TestTool } from '../testing/test-tool.ts';

let t: TestServer;
let owner: SignedUp;
let tool: TestTool;
let other: TestTool;
let course: ToolCourse;
let otherCourse: ToolCourse;

const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

beforeAll(async () => {
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: '127.0.0.1' });
  owner = await t.signup('owner@lti-platform.example');
  tool = await TestTool.start();
  other = await TestTool.start();
  course = await toolCourse(t, owner, tool);
  otherCourse = await toolCourse(t, owner, other);
});
afterAll(async () => {
  await tool.close();
  await other.close();
  await t.close();
});

const authorize = (query: string) => t.inject({ method: 'GET', url: `/lti/platform/authorize?${query}` });

describe('Mirai as an LTI platform: the launch', () => {
  it('answers the tool’s auth request with a signed id_token carrying roles, context, resource link and AGS', async () => {
    const initiation = await startLaunch(t, owner, course);
    expect(initiation.get('iss')).toBe(course.tool.platform.issuer);
    expect(initiation.get('login_hint')).toBe(owner.userId);
    expect(initiation.get('target_link_uri')).toBe(tool.registration.launchUrl);
    expect(initiation.get('client_id')).toBe(course.tool.clientId);
    const nonce = 'nonce-of-the-tool';
    const response = await authorize(authQuery(initiation, tool.registration.launchUrl, { nonce }));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-security-policy']).toContain(`form-action ${tool.base}`);
    expect(response.body).toContain(`action="${tool.registration.launchUrl}"`);
    expect(field(response.body, 'state')).toBe('tool-state-1');
    const jwks = await t.inject({ method: 'GET', url: new URL(course.tool.platform.jwksUrl).pathname });
    const { payload } = await jwtVerify(field(response.body, 'id_token'), createLocalJWKSet(jwks.json<JSONWebKeySet>()), {
      issuer: course.tool.platform.issuer,
      audience: course.tool.clientId,
    });
    expect(payload).toMatchObject({
      sub: owner.userId,
      nonce,
      azp: course.tool.clientId,
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': course.tool.deploymentId,
      'https://purl.imsglobal.org/spec/lti/claim/roles': ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      'https://purl.imsglobal.org/spec/lti/claim/context': { id: course.courseId, title: 'Tool course' },
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: `${course.lessonId}/tool`, title: 'Simulation' },
    });
    const ags = payload['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] as { lineitem: string; scope: string[] };
    expect(ags.scope).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
    expect(ags.lineitem).toMatch(/\/lti\/platform\/line-items\/[0-9a-f-]{36}$/);
  });

  const refusals: Array<[string, (initiation: URLSearchParams) => string, RegExp]> = [
    ['an unknown client_id', (i) => authQuery(i, tool.registration.launchUrl, { client_id: crypto.randomUUID() }), /unknown client_id/],
    [
      'a redirect_uri the tool did not register',
      (i) => authQuery(i, tool.registration.launchUrl, { redirect_uri: 'https://attacker.example/launch' }),
      /redirect_uri/,
    ],
    ['no nonce', (i) => authQuery(i, tool.registration.launchUrl, { nonce: null }), /nonce/],
    ['response_type code', (i) => authQuery(i, tool.registration.launchUrl, { response_type: 'code' }), /response_type/],
    ['response_mode query', (i) => authQuery(i, tool.registration.launchUrl, { response_mode: 'query' }), /response_mode/],
    ['a scope without openid', (i) => authQuery(i, tool.registration.launchUrl, { scope: 'profile' }), /openid/],
    ['another person’s login_hint', (i) => authQuery(i, tool.registration.launchUrl, { login_hint: crypto.randomUUID() }), /login_hint/],
    ['no lti_message_hint', (i) => authQuery(i, tool.registration.launchUrl, { lti_message_hint: null }), /lti_message_hint/],
    ['an unknown lti_message_hint', (i) => authQuery(i, tool.registration.launchUrl, { lti_message_hint: 'made-up' }), /lti_message_hint/],
    [
      'another tool’s client_id for this tool’s hint',
      (i) => authQuery(i, other.registration.launchUrl, { client_id: otherCourse.tool.clientId }),
      /lti_message_hint/,
    ],
  ];
  for (const [name, query, reason] of refusals)
    it(`refuses ${name}`, async () => {
      const response = await authorize(query(await startLaunch(t, owner, course)));
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_LTI_AUTH_INVALID' });
      expect(response.json().reason).toMatch(reason);
      expect(response.body).not.toContain('name="id_token"');
    });

  it('takes each message hint once', async () => {
    const initiation = await startLaunch(t, owner, course);
    expect((await authorize(authQuery(initiation, tool.registration.launchUrl))).statusCode).toBe(200);
    const again = await authorize(authQuery(initiation, tool.registration.launchUrl));
    expect(again.statusCode).toBe(400);
    expect(again.json().reason).toMatch(/lti_message_hint/);
  });

  it('launches only enrolled learners, and only external-tool blocks', async () => {
    const stranger = await t.signup('stranger@lti-platform.example');
    const theirs = await t.inject({
      method: 'POST',
      url: `/v1/enrolments/${course.enrolmentId}/lessons/${course.lessonId}/lti-launches`,
      headers: stranger.auth,
      payload: { blockId: 'tool' },
    });
    expect(theirs.statusCode).toBe(404);
    const missing = await t.inject({
      method: 'POST',
      url: `/v1/enrolments/${course.enrolmentId}/lessons/${course.lessonId}/lti-launches`,
      headers: owner.auth,
      payload: { blockId: 'nope' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('MIRAI_ERR_LTI_TOOL_NOT_FOUND');
  });
});
