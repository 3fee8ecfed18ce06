import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../../testing/test-server.ts';
import { authQuery, startLaunch, type ToolCourse, toolCourse } from '../testing/platform-fixture.ts';
import { TestTool } from '../testing/test-tool.ts';

const NRPS = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const SCORE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let t: TestServer;
let owner: SignedUp;
let learner: SignedUp;
let author: SignedUp;
let tool: TestTool;
let foreignTool: TestTool;
let course: ToolCourse;
let foreignCourse: ToolCourse;
let membershipsUrl: string;

async function accessToken(forTool: TestTool, of: ToolCourse, scope = NRPS): Promise<string> {
  const assertion = await forTool.assertion(of.tool.clientId, of.tool.platform.tokenUrl);
  const response = await t.inject({
    method: 'POST',
    url: '/lti/platform/token',
    headers: FORM,
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    }).toString(),
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json().scope).toBe(scope);
  return response.json<{ access_token: string }>().access_token;
}

const read = (url: string, token: string | null) =>
  t.inject({
    method: 'GET',
    url: `${new URL(url).pathname}${new URL(url).search}`,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });

/** Every member, page by page along the `Link: rel="next"` headers. */
async function allPages(url: string, token: string): Promise<{ pages: number; members: Array<{ user_id: string; roles: string[] }> }> {
  const members: Array<{ user_id: string; roles: string[] }> = [];
  let next: string | null = url;
  let pages = 0;
  while (next !== null && pages < 20) {
    const response = await read(next, token);
    expect(response.statusCode, response.body).toBe(200);
    members.push(...response.json().members);
    next = /<([^>]+)>; rel="next"/.exec(String(response.headers.link ?? ''))?.[1] ?? null;
    pages += 1;
  }
  return { pages, members };
}

beforeAll(async () => {
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: '127.0.0.1' });
  owner = await t.signup('owner@lti-nrps.example');
  tool = await TestTool.start();
  foreignTool = await TestTool.start();
  course = await toolCourse(t, owner, tool);
  learner = await t.join(owner, 'learner@lti-nrps.example', 'learner');
  author = await t.join(owner, 'author@lti-nrps.example', 'author');
  await t.join(owner, 'idle@lti-nrps.example', 'learner');
  expect((await t.inject({ method: 'POST', url: `/v1/courses/${course.courseId}/enrolments`, headers: learner.auth })).statusCode).toBe(201);
  const foreignOwner = await t.signup('owner@other-nrps.example');
  foreignCourse = await toolCourse(t, foreignOwner, foreignTool);
  const launched = await t.inject({
    method: 'GET',
    url: `/lti/platform/authorize?${authQuery(await startLaunch(t, owner, course), tool.registration.launchUrl)}`,
  });
  const idToken = /name="id_token" value="([^"]*)"/.exec(launched.body)?.[1] ?? '';
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
  expect(claims.sub).toBe(owner.userId);
  expect(claims['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice']).toEqual({
    context_memberships_url: expect.stringContaining(`/lti/platform/contexts/${course.courseId}/memberships`),
    service_versions: ['2.0'],
  });
  membershipsUrl = claims['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice'].context_memberships_url;
});
afterAll(async () => {
  await tool.close();
  await foreignTool.close();
  await t.close();
});

describe('Mirai as an LTI platform: Names and Role Provisioning Services 2.0', () => {
  it('lists the enrolled learners as Learners and the organisation’s authors as Instructors, with the launch’s sub', async () => {
    const response = await read(membershipsUrl, await accessToken(tool, course));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/vnd.ims.lti-nrps.v2.membershipcontainer+json');
    expect(response.headers.link).toBeUndefined();
    const body = response.json();
    expect(body).toMatchObject({ id: membershipsUrl, context: { id: course.courseId, title: 'Tool course' } });
    const byUser = Object.fromEntries(body.members.map((member: { user_id: string; roles: string[] }) => [member.user_id, member.roles]));
    // The owner enrolled too (toolCourse), so holds both roles; the idle learner is not in the course.
    expect(byUser).toEqual({ [owner.userId]: [INSTRUCTOR, LEARNER], [learner.userId]: [LEARNER], [author.userId]: [INSTRUCTOR] });
    expect(body.members.every((member: Record<string, unknown>) => member.status === 'Active' && member.name === undefined)).toBe(true);
  });

  it('filters by role and pages with Link rel="next"', async () => {
    const token = await accessToken(tool, course);
    const learners = (await read(`${membershipsUrl}?role=Learner`, token)).json().members.map((m: { user_id: string }) => m.user_id);
    expect(learners.sort()).toEqual([owner.userId, learner.userId].sort());
    const instructors = (await read(`${membershipsUrl}?role=${encodeURIComponent(INSTRUCTOR)}`, token)).json().members;
    expect(instructors.map((m: { user_id: string }) => m.user_id).sort()).toEqual([owner.userId, author.userId].sort());
    expect((await read(`${membershipsUrl}?role=Mentor`, token)).json().members).toEqual([]);
    const paged = await allPages(`${membershipsUrl}?limit=1`, token);
    expect(paged.pages).toBe(3);
    expect(paged.members.map((m) => m.user_id).sort()).toEqual([owner.userId, learner.userId, author.userId].sort());
    const learnerPages = await allPages(`${membershipsUrl}?role=Learner&limit=1`, token);
    expect(learnerPages).toMatchObject({ pages: 2 });
    expect((await read(`${membershipsUrl}?limit=0`, token)).statusCode).toBe(400);
  });

  it('refuses a missing, unknown or expired token and one without the NRPS scope', async () => {
    expect((await read(membershipsUrl, null)).json().code).toBe('MIRAI_ERR_LTI_ACCESS_TOKEN_INVALID');
    expect((await read(membershipsUrl, 'made-up')).statusCode).toBe(401);
    const scoreOnly = await read(membershipsUrl, await accessToken(tool, course, SCORE));
    expect(scoreOnly.statusCode).toBe(403);
    expect(scoreOnly.json().code).toBe('MIRAI_ERR_LTI_SCOPE_MISSING');
    const token = await accessToken(tool, course);
    await t.server.orm.em.fork().execute("update lti_tool_token set expires_at = now() - interval '1 second'");
    expect((await read(membershipsUrl, token)).statusCode).toBe(401);
  });

  it('keeps each organisation’s courses to its own tools', async () => {
    const foreign = await read(membershipsUrl, await accessToken(foreignTool, foreignCourse));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('MIRAI_ERR_LTI_CONTEXT_NOT_FOUND');
    const otherContext = await read(membershipsUrl.replace(course.courseId, foreignCourse.courseId), await accessToken(tool, course));
    expect(otherContext.statusCode).toBe(404);
    const unknown = await read(membershipsUrl.replace(course.courseId, crypto.randomUUID()), await accessToken(tool, course));
    expect(unknown.statusCode).toBe(404);
  });
});
