import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';
import { authoredCourse } from '../learning/testing/learning-fixture.ts';
import { initiateLogin, postLaunch, redeem, registerPlatform } from './testing/lti-fixture.ts';
import { SPEC_EXAMPLE, TestPlatform } from './testing/test-platform.ts';

let t: TestServer;
let owner: SignedUp;
let platform: TestPlatform;
let courseId: string;

const custom = () => ({ 'https://purl.imsglobal.org/spec/lti/claim/custom': { course_id: courseId } });

beforeAll(async () => {
  t = await startTestServer({ MIRAI_EGRESS_ALLOW: '127.0.0.1' });
  platform = await TestPlatform.start();
  owner = await t.signup('owner@lti-tool.example');
  courseId = (await authoredCourse(t, owner)).courseId;
  await t.inject({ method: 'POST', url: `/v1/courses/${courseId}/publish`, headers: owner.auth });
  await registerPlatform(t, owner, platform);
});
afterAll(async () => {
  await platform.close();
  await t.close();
});

/** Expects the launch refused with `code`, and a reason mentioning `reason` when given. */
async function expectRefused(response: Awaited<ReturnType<typeof postLaunch>>, code: string, reason?: RegExp) {
  expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
  expect(response.json()).toMatchObject({ code });
  if (reason !== undefined) expect(response.json().reason).toMatch(reason);
}

describe('Mirai as an LTI 1.3 tool: login and launch', () => {
  it('answers the login initiation with an auth request to the platform, state bound to a cookie', async () => {
    const login = await initiateLogin(t, platform);
    expect(login.auth.origin + login.auth.pathname).toBe(platform.urls.authLoginUrl);
    expect(Object.fromEntries(login.auth.searchParams)).toMatchObject({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${t.server.config.publicUrl}/lti/launch`,
      login_hint: '185',
      lti_message_hint: 'opaque-message-hint',
    });
    expect(login.cookie).toBe(login.state);
    expect(login.nonce).not.toBe(login.state);
  });

  it('provisions the learner into the organisation, enrols them and signs them into the app', async () => {
    const login = await initiateLogin(t, platform);
    const response = await postLaunch(t, login, await platform.idToken(login.nonce, custom()));
    expect(response.statusCode, response.body).toBe(303);
    expect(String(response.headers.location)).toMatch(new RegExp(`^${t.server.config.appUrl}/lti/continue\\?code=`));
    const session = await redeem(t, String(response.headers.location));
    expect(session).toMatchObject({ path: `/learn/${courseId}`, organisationId: owner.tenantId });
    const enrolments = (await t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: session.auth })).json();
    expect(enrolments.items).toEqual([expect.objectContaining({ courseId })]);
    const members = (await t.inject({ method: 'GET', url: '/v1/members', headers: owner.auth })).json();
    expect(JSON.stringify(members)).toMatch(/"role":"learner"/);
    // The hand-off is single-use.
    const again = await t.inject({
      method: 'POST',
      url: '/v1/lti/handoffs',
      payload: { code: new URL(String(response.headers.location)).searchParams.get('code') },
    });
    expect(again.json()).toMatchObject({ code: 'MIRAI_ERR_LTI_HANDOFF_INVALID' });
  });

  it('keeps one user per platform sub: a second launch finds the same person', async () => {
    const first = await redeem(t, String((await launchWith(custom())).headers.location));
    const second = await redeem(t, String((await launchWith(custom())).headers.location));
    const me = async (auth: { authorization: string }) => (await t.inject({ method: 'GET', url: '/v1/me', headers: auth })).json().id;
    expect(await me(first.auth)).toBe(await me(second.auth));
  });

  it('maps Instructor to an author who lands in the editor, not enrolled', async () => {
    const response = await launchWith({
      ...custom(),
      sub: 'teacher-1',
      'https://purl.imsglobal.org/spec/lti/claim/roles': SPEC_EXAMPLE.instructorRoles,
    });
    const session = await redeem(t, String(response.headers.location));
    expect(session.path).toBe(`/courses/${courseId}/edit`);
    expect((await t.inject({ method: 'GET', url: '/v1/me/enrolments', headers: session.auth })).json().items).toEqual([]);
  });

  it('refuses a launch whose signature does not verify with the platform JWKS', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const login = await initiateLogin(t, platform);
    await expectRefused(
      await postLaunch(t, login, await platform.idToken(login.nonce, custom(), { key: privateKey })),
      'MIRAI_ERR_LTI_LAUNCH_INVALID',
      /signature/,
    );
  });

  it('refuses a launch signed with a key the platform does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const login = await initiateLogin(t, platform);
    const token = await platform.idToken(login.nonce, custom(), { key: privateKey, kid: 'not-published' });
    await expectRefused(await postLaunch(t, login, token), 'MIRAI_ERR_LTI_LAUNCH_INVALID', /no key/);
  });

  it.each([
    ['a wrong audience', { aud: ['someone-else'], azp: undefined }, /aud/],
    ['a wrong issuer', { iss: 'https://evil.example' }, /iss/],
    ['an azp that is not the client id', { aud: [SPEC_EXAMPLE.clientId, 'other'], azp: 'other' }, /azp/],
    ['an expired token', { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }, /expired/],
    ['a token issued too long ago', { iat: Math.floor(Date.now() / 1000) - 3600 }, /iat/],
    ['an unknown deployment', { 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'not-registered' }, /deployment/],
    ['an unsupported message type', { 'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiSubmissionReviewRequest' }, /message type/],
    ['another LTI version', { 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' }, /version/],
    ['no sub', { sub: undefined }, /sub/],
  ])('refuses %s', async (_name, claims, reason) => {
    const login = await initiateLogin(t, platform);
    await expectRefused(
      await postLaunch(t, login, await platform.idToken(login.nonce, { ...custom(), ...claims })),
      'MIRAI_ERR_LTI_LAUNCH_INVALID',
      reason,
    );
  });

  it('refuses a replayed launch: the state and its nonce are single-use', async () => {
    const login = await initiateLogin(t, platform);
    const token = await platform.idToken(login.nonce, custom());
    expect((await postLaunch(t, login, token)).statusCode).toBe(303);
    await expectRefused(await postLaunch(t, login, token), 'MIRAI_ERR_LTI_STATE_INVALID');
  });

  it("refuses an id_token carrying an earlier login's nonce", async () => {
    const earlier = await initiateLogin(t, platform);
    const login = await initiateLogin(t, platform);
    await expectRefused(await postLaunch(t, login, await platform.idToken(earlier.nonce, custom())), 'MIRAI_ERR_LTI_LAUNCH_INVALID', /nonce/);
  });

  it('refuses a launch without the state cookie or with another browser’s state', async () => {
    const login = await initiateLogin(t, platform);
    const other = await initiateLogin(t, platform);
    const token = await platform.idToken(login.nonce, custom());
    await expectRefused(await postLaunch(t, login, token, null), 'MIRAI_ERR_LTI_STATE_INVALID');
    await expectRefused(await postLaunch(t, login, token, other.cookie), 'MIRAI_ERR_LTI_STATE_INVALID');
    await expectRefused(await postLaunch(t, { ...login, state: 'made-up' }, token, 'made-up'), 'MIRAI_ERR_LTI_STATE_INVALID');
  });

  it('refuses login initiations from unknown platforms, for unknown deployments or aimed elsewhere', async () => {
    const base = { login_hint: '1', target_link_uri: `${t.server.config.publicUrl}/lti/launch`, client_id: platform.clientId };
    const ask = (query: Record<string, string>) => t.inject({ method: 'GET', url: `/lti/login?${new URLSearchParams(query)}` });
    expect((await ask({ ...base, iss: 'https://unknown.example' })).json()).toMatchObject({ code: 'MIRAI_ERR_LTI_PLATFORM_NOT_FOUND' });
    expect((await ask({ ...base, iss: platform.issuer, lti_deployment_id: 'nope' })).json()).toMatchObject({ code: 'MIRAI_ERR_LTI_LOGIN_INVALID' });
    expect((await ask({ ...base, iss: platform.issuer, target_link_uri: 'https://evil.example/phish' })).json()).toMatchObject({
      code: 'MIRAI_ERR_LTI_LOGIN_INVALID',
    });
  });

  it('accepts the login initiation as a form post too', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/lti/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ iss: platform.issuer, login_hint: '1', target_link_uri: `${t.server.config.publicUrl}/lti/launch` }).toString(),
    });
    expect(response.statusCode, response.body).toBe(302);
  });

  it('lets only organisation managers register platforms, once per issuer and client id', async () => {
    const learner = await t.join(owner, 'learner@lti-tool.example', 'learner');
    expect((await t.inject({ method: 'GET', url: '/v1/lti/platforms', headers: learner.auth })).statusCode).toBe(403);
    const again = await t.inject({
      method: 'POST',
      url: '/v1/lti/platforms',
      headers: (await t.signup('other@lti-tool.example')).auth,
      payload: { name: 'Copy', issuer: platform.issuer, clientId: platform.clientId, deploymentIds: ['1'], ...platform.urls, lineItem: undefined },
    });
    expect(again.json()).toMatchObject({ code: 'MIRAI_ERR_LTI_PLATFORM_EXISTS' });
  });
});

async function launchWith(claims: Record<string, unknown>) {
  const login = await initiateLogin(t, platform);
  const response = await postLaunch(t, login, await platform.idToken(login.nonce, claims));
  expect(response.statusCode, response.body).toBe(303);
  return response;
}
