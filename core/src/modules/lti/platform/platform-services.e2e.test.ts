import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../../testing/test-server.ts';
import { authQuery, startLaunch, type ToolCourse, toolCourse } from '../testing/platform-fixture.ts';
import { TestTool } from '../testing/test-tool.ts';

const SCORE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const LINE_ITEM_READ = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let t: TestServer;
let owner: SignedUp;
let tool: TestTool;
let other: TestTool;
let course: ToolCourse;
let otherCourse: ToolCourse;
let lineItem: string;

const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replaceAll('&quot;', '"') ?? '';

const tokenRequest = (assertion: string, scope = SCORE, extra: Record<string, string> = {}) =>
  t.inject({
    method: 'POST',
    url: '/lti/platform/token',
    headers: FORM,
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
      ...extra,
    }).toString(),
  });

async function accessToken(forTool: TestTool, of: ToolCourse, scope = SCORE): Promise<string> {
  const response = await tokenRequest(await forTool.assertion(of.tool.clientId, of.tool.platform.tokenUrl), scope);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ access_token: string }>().access_token;
}

const postScore = (url: string, token: string | null, score: Record<string, unknown>) =>
  t.inject({
    method: 'POST',
    url: new URL(url).pathname,
    headers: { 'content-type': 'application/vnd.ims.lis.v1.score+json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    payload: JSON.stringify({ activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: new Date().toISOString(), ...score }),
  });

beforeAll(async () => {
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: '127.0.0.1' });
  owner = await t.signup('owner@lti-ags.example');
  tool = await TestTool.start();
  other = await TestTool.start();
  course = await toolCourse(t, owner, tool);
  otherCourse = await toolCourse(t, owner, other);
  const launched = await t.inject({
    method: 'GET',
    url: `/lti/platform/authorize?${authQuery(await startLaunch(t, owner, course), tool.registration.launchUrl)}`,
  });
  const idToken = field(launched.body, 'id_token');
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
  lineItem = claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'].lineitem;
});
afterAll(async () => {
  await tool.close();
  await other.close();
  await t.close();
});

describe('Mirai as an LTI platform: the token endpoint', () => {
  it('grants the requested AGS scopes it offers for a valid client assertion', async () => {
    const response = await tokenRequest(
      await tool.assertion(course.tool.clientId, course.tool.platform.tokenUrl),
      `${SCORE} ${LINE_ITEM_READ} https://example.com/other`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: `${SCORE} ${LINE_ITEM_READ}` });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  const refusals: Array<[string, () => Promise<string>, RegExp]> = [
    [
      'an assertion signed with another key',
      () => tool.assertion(course.tool.clientId, course.tool.platform.tokenUrl, {}, { otherKey: true }),
      /signature/,
    ],
    ['an assertion for another audience', () => tool.assertion(course.tool.clientId, 'https://other-platform.example/token'), /aud/],
    [
      'an assertion whose sub is not the client id',
      () => tool.assertion(course.tool.clientId, course.tool.platform.tokenUrl, { sub: 'someone' }),
      /sub/,
    ],
    [
      'an expired assertion',
      () =>
        tool.assertion(
          course.tool.clientId,
          course.tool.platform.tokenUrl,
          {},
          { issuedAt: Math.floor(Date.now() / 1000) - 3600, expiresIn: '-50m' },
        ),
      /expired|iat/,
    ],
    [
      'an assertion issued too long ago',
      () =>
        tool.assertion(course.tool.clientId, course.tool.platform.tokenUrl, {}, { issuedAt: Math.floor(Date.now() / 1000) - 1200, expiresIn: '1h' }),
      /iat/,
    ],
    ['an assertion without jti', () => tool.assertion(course.tool.clientId, course.tool.platform.tokenUrl, { jti: undefined }), /jti/],
    ['an assertion naming an unknown client', () => tool.assertion(crypto.randomUUID(), course.tool.platform.tokenUrl), /no registered tool/],
    [
      'another tool’s client id signed with this tool’s key',
      () => tool.assertion(otherCourse.tool.clientId, otherCourse.tool.platform.tokenUrl),
      /signature|no key/,
    ],
  ];
  for (const [name, assertion, reason] of refusals)
    it(`refuses ${name} (invalid_client)`, async () => {
      const response = await tokenRequest(await assertion());
      expect(response.statusCode, response.body).toBe(401);
      expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_LTI_CLIENT_INVALID', error: 'invalid_client' });
      expect(response.json().reason).toMatch(reason);
    });

  it('takes each assertion jti once', async () => {
    const assertion = await tool.assertion(course.tool.clientId, course.tool.platform.tokenUrl);
    expect((await tokenRequest(assertion)).statusCode).toBe(200);
    const replay = await tokenRequest(assertion);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().reason).toMatch(/jti was used/);
  });

  it('refuses other grants, assertion types and scopes', async () => {
    const assertion = () => tool.assertion(course.tool.clientId, course.tool.platform.tokenUrl);
    expect((await tokenRequest(await assertion(), SCORE, { grant_type: 'password' })).json().error).toBe('unsupported_grant_type');
    expect((await tokenRequest(await assertion(), SCORE, { client_assertion_type: 'urn:other' })).json().error).toBe('invalid_request');
    const scope = await tokenRequest(await assertion(), 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly');
    expect(scope.statusCode).toBe(400);
    expect(scope.json().error).toBe('invalid_scope');
  });
});

describe('Mirai as an LTI platform: line items and scores', () => {
  it('records a fully graded score in the gradebook under the block', async () => {
    const token = await accessToken(tool, course);
    const response = await postScore(`${lineItem}/scores`, token, { userId: owner.userId, scoreGiven: 7, scoreMaximum: 10 });
    expect(response.statusCode, response.body).toBe(204);
    const pending = await postScore(`${lineItem}/scores`, token, { userId: owner.userId, gradingProgress: 'Pending', activityProgress: 'Submitted' });
    expect(pending.statusCode).toBe(204);
    const gradebook = await t.inject({ method: 'GET', url: `/v1/courses/${course.courseId}/gradebook`, headers: owner.auth });
    const row = gradebook.json().items.find((item: { userId: string }) => item.userId === owner.userId);
    expect(row.attempts).toEqual([expect.objectContaining({ lessonId: course.lessonId, blockId: 'tool', correct: 70, total: 100, passed: true })]);
  });

  it('lists and reads the tool’s line items with lineitem.readonly', async () => {
    const token = await accessToken(tool, course, LINE_ITEM_READ);
    const one = await t.inject({ method: 'GET', url: new URL(lineItem).pathname, headers: { authorization: `Bearer ${token}` } });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.headers['content-type']).toContain('application/vnd.ims.lis.v2.lineitem+json');
    expect(one.json()).toMatchObject({ id: lineItem, label: 'Simulation', scoreMaximum: 100, resourceLinkId: `${course.lessonId}/tool` });
    const all = await t.inject({
      method: 'GET',
      url: `/lti/platform/contexts/${course.courseId}/line-items`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(all.json()).toEqual([one.json()]);
  });

  it('refuses scores without a token, with a token lacking the scope, from another tool, for a stranger or without a maximum', async () => {
    expect((await postScore(`${lineItem}/scores`, null, { userId: owner.userId, scoreGiven: 1, scoreMaximum: 1 })).json().code).toBe(
      'MIRAI_ERR_LTI_ACCESS_TOKEN_INVALID',
    );
    expect((await postScore(`${lineItem}/scores`, 'made-up', { userId: owner.userId, scoreGiven: 1, scoreMaximum: 1 })).statusCode).toBe(401);
    const readOnly = await postScore(`${lineItem}/scores`, await accessToken(tool, course, LINE_ITEM_READ), {
      userId: owner.userId,
      scoreGiven: 1,
      scoreMaximum: 1,
    });
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json().code).toBe('MIRAI_ERR_LTI_SCOPE_MISSING');
    const otherTool = await postScore(`${lineItem}/scores`, await accessToken(other, otherCourse), {
      userId: owner.userId,
      scoreGiven: 1,
      scoreMaximum: 1,
    });
    expect(otherTool.statusCode).toBe(404);
    const token = await accessToken(tool, course);
    const stranger = await postScore(`${lineItem}/scores`, token, { userId: crypto.randomUUID(), scoreGiven: 1, scoreMaximum: 1 });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().code).toBe('MIRAI_ERR_LTI_SCORE_INVALID');
    expect((await postScore(`${lineItem}/scores`, token, { userId: owner.userId, scoreGiven: 1 })).statusCode).toBe(400);
  });
});

describe('Mirai as an LTI platform: deep-linking responses', () => {
  const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
  const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

  /** Starts the author's deep-linking request and answers the auth request; returns the `data` Mirai sent. */
  async function deepLinkData(): Promise<string> {
    const started = await t.inject({
      method: 'POST',
      url: `/v1/lessons/${course.lessonId}/lti-deep-links`,
      headers: owner.auth,
      payload: { blockId: 'tool' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const initiation = new URL(started.json().loginUrl).searchParams;
    expect(initiation.get('target_link_uri')).toBe(tool.registration.deepLinkingUrl);
    const answered = await t.inject({ method: 'GET', url: `/lti/platform/authorize?${authQuery(initiation, tool.registration.deepLinkingUrl)}` });
    const claims = JSON.parse(Buffer.from(field(answered.body, 'id_token').split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(claims[`${LTI}message_type`]).toBe('LtiDeepLinkingRequest');
    expect(claims[`${LTI}roles`]).toEqual(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']);
    return claims[`${DL}deep_linking_settings`].data;
  }

  const response = (data: string, overrides: Record<string, unknown> = {}) => ({
    iss: course.tool.clientId,
    aud: course.tool.platform.issuer,
    nonce: crypto.randomUUID(),
    [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
    [`${LTI}version`]: '1.3.0',
    [`${LTI}deployment_id`]: course.tool.deploymentId,
    [`${DL}data`]: data,
    [`${DL}content_items`]: [{ type: 'ltiResourceLink', title: 'Level 2', url: `${tool.base}/launch?level=2`, custom: { level: '2' } }],
    ...overrides,
  });
  const post = (jwt: string) =>
    t.inject({ method: 'POST', url: '/lti/platform/deep-linking/return', headers: FORM, payload: new URLSearchParams({ JWT: jwt }).toString() });

  it('stores the chosen resource link in the draft block, once', async () => {
    const jwt = await tool.sign(response(await deepLinkData()));
    const stored = await post(jwt);
    expect(stored.statusCode, stored.body).toBe(200);
    expect(stored.body).toContain('Level 2');
    const lesson = await t.inject({ method: 'GET', url: `/v1/lessons/${course.lessonId}`, headers: owner.auth });
    expect(JSON.stringify(lesson.json())).toContain(`"resourceLink":{"url":"${tool.base}/launch?level=2","title":"Level 2","custom":{"level":"2"}}`);
    expect((await post(jwt)).json().reason).toMatch(/answered already/);
  });

  const refusals: Array<[string, (data: string) => Promise<string>, RegExp]> = [
    ['another key’s signature', async (data) => tool.sign(response(data), { otherKey: true }), /signature/],
    ['another audience', async (data) => tool.sign(response(data, { aud: 'https://other-platform.example' })), /aud/],
    [
      'an expired response',
      async (data) => tool.sign(response(data), { issuedAt: Math.floor(Date.now() / 1000) - 3600, expiresIn: '-50m' }),
      /expired|iat/,
    ],
    ['another message type', async (data) => tool.sign(response(data, { [`${LTI}message_type`]: 'LtiResourceLinkRequest' })), /message type/],
    ['another deployment', async (data) => tool.sign(response(data, { [`${LTI}deployment_id`]: 'other' })), /deployment/],
    ['unknown data', async () => tool.sign(response('made-up')), /unknown/],
    [
      'a link outside the tool’s origin',
      async (data) => tool.sign(response(data, { [`${DL}content_items`]: [{ type: 'ltiResourceLink', url: 'https://attacker.example/x' }] })),
      /origin/,
    ],
  ];
  for (const [name, jwt, reason] of refusals)
    it(`refuses ${name}`, async () => {
      const refused = await post(await jwt(await deepLinkData()));
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_LTI_DEEP_LINK_RESPONSE_INVALID' });
      expect(refused.json().reason).toMatch(reason);
    });
});
