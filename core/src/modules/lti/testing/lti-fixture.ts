import { expect } from 'vitest';
import type { SignedUp, TestServer } from '../../../testing/test-server.ts';
import type { TestPlatform } from './test-platform.ts';

/** Registers the test platform in `admin`'s organisation and lets it trust the organisation's tool keys. */
export async function registerPlatform(
  t: TestServer,
  admin: SignedUp,
  platform: TestPlatform,
): Promise<{ id: string; tool: { loginUrl: string; launchUrl: string; jwksUrl: string } }> {
  const response = await t.inject({
    method: 'POST',
    url: '/v1/lti/platforms',
    headers: admin.auth,
    payload: {
      name: 'Test platform',
      issuer: platform.issuer,
      clientId: platform.clientId,
      deploymentIds: [platform.deploymentId],
      authLoginUrl: platform.urls.authLoginUrl,
      jwksUrl: platform.urls.jwksUrl,
      tokenUrl: platform.urls.tokenUrl,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  const registered = response.json<{ id: string; tool: { loginUrl: string; launchUrl: string; jwksUrl: string } }>();
  platform.trustTool((await t.inject({ method: 'GET', url: new URL(registered.tool.jwksUrl).pathname })).json());
  return registered;
}

export interface StartedLogin {
  state: string;
  nonce: string;
  cookie: string;
  auth: URL;
}

/** Plays the platform's third-party login initiation and reads Mirai's auth request. */
export async function initiateLogin(t: TestServer, platform: TestPlatform, extra: Record<string, string> = {}): Promise<StartedLogin> {
  const query = new URLSearchParams({
    iss: platform.issuer,
    login_hint: '185',
    lti_message_hint: 'opaque-message-hint',
    target_link_uri: `${t.server.config.publicUrl}/lti/launch`,
    client_id: platform.clientId,
    lti_deployment_id: platform.deploymentId,
    ...extra,
  });
  const response = await t.inject({ method: 'GET', url: `/lti/login?${query}` });
  expect(response.statusCode, response.body).toBe(302);
  const auth = new URL(String(response.headers.location));
  const cookie = response.cookies.find((c) => c.name === 'mirai_lti_state');
  const state = auth.searchParams.get('state');
  const nonce = auth.searchParams.get('nonce');
  if (cookie === undefined || state === null || nonce === null) throw new Error('login initiation without state, nonce or cookie');
  return { state, nonce, cookie: cookie.value, auth };
}

/** Posts the launch as the platform's form_post would (with the browser's state cookie unless `cookie` says otherwise). */
export function postLaunch(t: TestServer, login: StartedLogin, idToken: string, cookie: string | null = login.cookie) {
  return t.inject({
    method: 'POST',
    url: '/lti/launch',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie === null ? {} : { cookie: `mirai_lti_state=${cookie}` }) },
    payload: new URLSearchParams({ id_token: idToken, state: login.state }).toString(),
  });
}

/** Redeems the launch redirect's hand-off code as the app does; returns the session's bearer header. */
export async function redeem(t: TestServer, location: string): Promise<{ auth: { authorization: string }; path: string; organisationId: string }> {
  const code = new URL(location).searchParams.get('code');
  const response = await t.inject({ method: 'POST', url: '/v1/lti/handoffs', payload: { code } });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json<{ token: string; path: string; organisationId: string }>();
  return { auth: { authorization: `Bearer ${body.token}` }, path: body.path, organisationId: body.organisationId };
}
