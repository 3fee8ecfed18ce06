import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../../testing/test-server.ts';
import { authQuery, startLaunch, type ToolCourse, toolCourse } from '../testing/platform-fixture.ts';
import { TestTool } from '../testing/test-tool.ts';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';
const LINE_ITEM_TYPE = 'application/vnd.ims.lis.v2.lineitem+json';

let t: TestServer;
let owner: SignedUp;
let tool: TestTool;
let other: TestTool;
let course: ToolCourse;
let otherCourse: ToolCourse;

async function accessToken(forTool: TestTool, of: ToolCourse, scope: string): Promise<string> {
  const response = await t.inject({
    method: 'POST',
    url: '/lti/platform/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await forTool.assertion(of.tool.clientId, of.tool.platform.tokenUrl),
      scope,
    }).toString(),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ access_token: string }>().access_token;
}

const createLineItem = (courseId: string, token: string, body: Record<string, unknown>) =>
  t.inject({
    method: 'POST',
    url: `/lti/platform/contexts/${courseId}/line-items`,
    headers: { 'content-type': LINE_ITEM_TYPE, authorization: `Bearer ${token}` },
    payload: JSON.stringify(body),
  });

beforeAll(async () => {
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: '127.0.0.1' });
  owner = await t.signup('owner@lti-line-items.example');
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

describe('Mirai as an LTI platform: line items a tool creates', () => {
  it('offers the lineitem scope in the launch’s AGS claim, next to the block’s own line item', async () => {
    const launched = await t.inject({
      method: 'GET',
      url: `/lti/platform/authorize?${authQuery(await startLaunch(t, owner, course), tool.registration.launchUrl)}`,
    });
    const idToken = /name="id_token" value="([^"]*)"/.exec(launched.body)?.[1] ?? '';
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const endpoint = claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'];
    expect(endpoint.scope).toEqual([`${AGS}lineitem`, `${AGS}lineitem.readonly`, `${AGS}score`]);
    expect(endpoint.lineitems).toMatch(new RegExp(`/lti/platform/contexts/${course.courseId}/line-items$`));
  });

  it('creates one under the tool’s block, lists it, and takes scores for it into the gradebook', async () => {
    const token = await accessToken(tool, course, `${AGS}lineitem ${AGS}score`);
    const created = await createLineItem(course.courseId, token, {
      label: 'Chapter 2 quiz',
      scoreMaximum: 20,
      resourceLinkId: `${course.lessonId}/tool`,
      resourceId: 'chapter-2',
      tag: 'quiz',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['content-type']).toContain(LINE_ITEM_TYPE);
    const item = created.json();
    expect(item).toMatchObject({
      label: 'Chapter 2 quiz',
      scoreMaximum: 20,
      resourceLinkId: `${course.lessonId}/tool`,
      resourceId: 'chapter-2',
      tag: 'quiz',
    });
    const listed = await t.inject({
      method: 'GET',
      url: `/lti/platform/contexts/${course.courseId}/line-items`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toContainEqual(item);
    const scored = await t.inject({
      method: 'POST',
      url: `${new URL(item.id).pathname}/scores`,
      headers: { 'content-type': 'application/vnd.ims.lis.v1.score+json', authorization: `Bearer ${token}` },
      payload: JSON.stringify({
        userId: owner.userId,
        scoreGiven: 9,
        scoreMaximum: 20,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date().toISOString(),
      }),
    });
    expect(scored.statusCode, scored.body).toBe(204);
    const gradebook = await t.inject({ method: 'GET', url: `/v1/courses/${course.courseId}/gradebook`, headers: owner.auth });
    const row = gradebook.json().items.find((entry: { userId: string }) => entry.userId === owner.userId);
    expect(row.attempts).toContainEqual(expect.objectContaining({ lessonId: course.lessonId, blockId: 'tool', correct: 45, total: 100 }));
  });

  it('refuses a token without the lineitem scope', async () => {
    for (const scope of [`${AGS}score`, `${AGS}lineitem.readonly`]) {
      const refused = await createLineItem(course.courseId, await accessToken(tool, course, scope), {
        label: 'x',
        scoreMaximum: 1,
        resourceLinkId: `${course.lessonId}/tool`,
      });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().code).toBe('MIRAI_ERR_LTI_SCOPE_MISSING');
    }
  });

  it('refuses a resource link of another tool, another context or no block, naming resourceLinkId', async () => {
    const otherToken = await accessToken(other, otherCourse, `${AGS}lineitem`);
    const token = await accessToken(tool, course, `${AGS}lineitem`);
    const attempts: Array<[string, string, string]> = [
      ['another tool’s block', course.courseId, `${course.lessonId}/tool`],
      ['a block of another context', otherCourse.courseId, `${course.lessonId}/tool`],
      ['no such block', course.courseId, `${course.lessonId}/missing`],
      ['not a resource link id', course.courseId, 'nonsense'],
    ];
    for (const [name, courseId, resourceLinkId] of attempts) {
      const bearer = name === 'another tool’s block' ? otherToken : token;
      const refused = await createLineItem(courseId, bearer, { label: 'x', scoreMaximum: 1, resourceLinkId });
      expect(refused.statusCode, `${name}: ${refused.body}`).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_LTI_LINE_ITEM_INVALID', errors: [{ field: '/resourceLinkId' }] });
    }
  });

  it('refuses a bad body naming the field', async () => {
    const token = await accessToken(tool, course, `${AGS}lineitem`);
    const link = `${course.lessonId}/tool`;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ label: 'x', scoreMaximum: 0, resourceLinkId: link }, '/body/scoreMaximum'],
      [{ label: 'x', scoreMaximum: -5, resourceLinkId: link }, '/body/scoreMaximum'],
      [{ label: '', scoreMaximum: 10, resourceLinkId: link }, '/body/label'],
      [{ scoreMaximum: 10, resourceLinkId: link }, '/body/label'],
      [{ label: 'x', scoreMaximum: 10 }, '/body/resourceLinkId'],
    ];
    for (const [body, field] of cases) {
      const refused = await createLineItem(course.courseId, token, body);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().errors.map((error: { field: string }) => error.field)).toContain(field);
    }
  });

  it('makes the block’s own line item as the Deep Linking content item asked, and refuses a maximum of 0', async () => {
    const dlCourse = await toolCourse(t, owner, tool);
    const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
    const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
    const chooseContent = async (lineItem: Record<string, unknown>) => {
      const started = await t.inject({
        method: 'POST',
        url: `/v1/lessons/${dlCourse.lessonId}/lti-deep-links`,
        headers: owner.auth,
        payload: { blockId: 'tool' },
      });
      const initiation = new URL(started.json().loginUrl).searchParams;
      const answered = await t.inject({ method: 'GET', url: `/lti/platform/authorize?${authQuery(initiation, tool.registration.deepLinkingUrl)}` });
      const idToken = /name="id_token" value="([^"]*)"/.exec(answered.body)?.[1] ?? '';
      const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
      expect(claims[`${DL}deep_linking_settings`].accept_lineitem).toBe(true);
      const jwt = await tool.sign({
        iss: dlCourse.tool.clientId,
        aud: dlCourse.tool.platform.issuer,
        [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
        [`${LTI}version`]: '1.3.0',
        [`${LTI}deployment_id`]: dlCourse.tool.deploymentId,
        [`${DL}data`]: claims[`${DL}deep_linking_settings`].data,
        [`${DL}content_items`]: [{ type: 'ltiResourceLink', title: 'Level 3', lineItem }],
      });
      return t.inject({
        method: 'POST',
        url: '/lti/platform/deep-linking/return',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ JWT: jwt }).toString(),
      });
    };
    const refused = await chooseContent({ label: 'Zero', scoreMaximum: 0 });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().reason).toMatch(/scoreMaximum/);
    expect((await chooseContent({ label: 'Level 3 score', scoreMaximum: 40 })).statusCode).toBe(200);
    expect((await t.inject({ method: 'POST', url: `/v1/courses/${dlCourse.courseId}/publish`, headers: owner.auth })).statusCode).toBe(200);
    const learnerView = await t.inject({
      method: 'GET',
      url: `/v1/catalogue/${dlCourse.courseId}/lessons/${dlCourse.lessonId}`,
      headers: owner.auth,
    });
    expect(learnerView.statusCode, learnerView.body).toBe(200);
    const launched = await t.inject({
      method: 'GET',
      url: `/lti/platform/authorize?${authQuery(await startLaunch(t, owner, dlCourse), tool.registration.launchUrl)}`,
    });
    const idToken = /name="id_token" value="([^"]*)"/.exec(launched.body)?.[1] ?? '';
    const lineItemUrl = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'))[
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'
    ].lineitem;
    const read = await t.inject({
      method: 'GET',
      url: new URL(lineItemUrl).pathname,
      headers: { authorization: `Bearer ${await accessToken(tool, dlCourse, `${AGS}lineitem.readonly`)}` },
    });
    expect(read.json()).toMatchObject({ label: 'Level 3 score', scoreMaximum: 40, resourceId: 'tool' });
  });
});
