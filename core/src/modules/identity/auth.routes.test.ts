import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('sign-up, sign-in, sign-out', () => {
  it('creates a tenant with the caller as owner and answers /v1/me with a bearer token', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'Owner@Example.com', password: TEST_PASSWORD, tenantName: 'Acme Learning' },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ user: { email: 'owner@example.com' }, tenant: { name: 'Acme Learning' }, role: 'owner' });
    expect(body.tenant.slug).toMatch(/^acme-learning-[0-9a-f]{6}$/);
    const me = await t.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: body.user.id }, tenant: { id: body.tenant.id }, role: 'owner' });
  });

  it('sets an httpOnly SameSite cookie that authenticates the browser', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'cookie@example.com', password: TEST_PASSWORD, tenantName: 'Cookies' },
    });
    const cookie = response.cookies.find((c) => c.name === 'mirai_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await t.inject({ method: 'GET', url: '/v1/me', cookies: { mirai_session: cookie?.value ?? '' } });
    expect(me.json().user.email).toBe('cookie@example.com');
  });

  it('signs in with the right password only, without telling which part was wrong', async () => {
    await t.signup('login@example.com');
    const ok = await t.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'LOGIN@example.com', password: TEST_PASSWORD } });
    expect(ok.statusCode).toBe(200);
    const wrong = await t.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'login@example.com', password: 'not the password' } });
    const unknown = await t.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'nobody@example.com', password: TEST_PASSWORD } });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('MIRAI_ERR_AUTH_INVALID_CREDENTIALS');
    }
  });

  it('refuses a second account with the same email', async () => {
    await t.signup('twice@example.com');
    const again = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'Twice@example.com', password: TEST_PASSWORD, tenantName: 'Other' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('MIRAI_ERR_AUTH_EMAIL_TAKEN');
  });

  it('names the offending field in a 400', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'x@example.com', password: 'short', tenantName: 'X' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'MIRAI_ERR_REQUEST_VALIDATION', errors: [{ field: '/body/password' }] });
    const tooLong = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'x@example.com', password: 'x'.repeat(129), tenantName: 'X' },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: 'MIRAI_ERR_REQUEST_VALIDATION', errors: [{ field: '/body/password' }] });
    const extra = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'x@example.com', password: TEST_PASSWORD, tenantName: 'X', admin: true },
    });
    expect(extra.json().errors[0].field).toBe('/body/admin');
    const neither = await t.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'x@example.com', password: TEST_PASSWORD } });
    expect(neither.json()).toMatchObject({ code: 'MIRAI_ERR_REQUEST_VALIDATION', errors: [{ field: '/body/tenantName' }] });
  });

  it('leaves nothing behind when sign-up fails: the email can be used again', async () => {
    const bad = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'retry@example.com', password: TEST_PASSWORD, invitationToken: 'x'.repeat(32) },
    });
    expect(bad.json().code).toBe('MIRAI_ERR_INVITATION_INVALID');
    await expect(t.signup('retry@example.com')).resolves.toMatchObject({ email: 'retry@example.com' });
  });

  it('ends the session on logout', async () => {
    const { auth } = await t.signup('logout@example.com');
    expect((await t.inject({ method: 'POST', url: '/v1/auth/logout', headers: auth })).statusCode).toBe(204);
    const after = await t.inject({ method: 'GET', url: '/v1/me', headers: auth });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('MIRAI_ERR_AUTH_UNAUTHENTICATED');
  });

  it('rejects an expired session', async () => {
    const { auth, userId } = await t.signup('expiry@example.com');
    await t.server.orm.em.fork().getConnection().execute("update session set expires_at = now() - interval '1 second' where user_id = ?", [userId]);
    expect((await t.inject({ method: 'GET', url: '/v1/me', headers: auth })).statusCode).toBe(401);
  });

  it('stores neither passwords nor session tokens in clear text', async () => {
    const { token } = await t.signup('clear@example.com');
    const connection = t.server.orm.em.fork().getConnection();
    const dump = JSON.stringify([await connection.execute('select * from session'), await connection.execute('select * from plugin_state')]);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(TEST_PASSWORD);
  });
});

describe('invitations', () => {
  it('lets an invitee sign up into the inviting tenant with the invited role', async () => {
    const owner = await t.signup('inviter@example.com', 'Inviting Org');
    const invite = await t.inject({
      method: 'POST',
      url: '/v1/invitations',
      headers: owner.auth,
      payload: { email: 'Invitee@example.com', role: 'author', delivery: 'link' },
    });
    expect(invite.statusCode).toBe(201);
    const { token } = invite.json();
    // The join page names the organisation and the invited address before anyone has an account.
    const offer = await t.inject({ method: 'POST', url: '/v1/auth/invitation', payload: { token } });
    expect(offer.statusCode).toBe(200);
    expect(offer.json()).toMatchObject({ organisation: 'Inviting Org', email: 'invitee@example.com', role: 'author' });
    const joined = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'invitee@example.com', password: TEST_PASSWORD, invitationToken: token },
    });
    expect(joined.statusCode).toBe(201);
    expect(joined.json()).toMatchObject({ tenant: { id: owner.tenantId }, role: 'author' });
    const reused = await t.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'invitee2@example.com', password: TEST_PASSWORD, invitationToken: token },
    });
    expect(reused.json().code).toBe('MIRAI_ERR_INVITATION_INVALID');
    // A used invitation no longer describes itself.
    const used = await t.inject({ method: 'POST', url: '/v1/auth/invitation', payload: { token } });
    expect(used.statusCode).toBe(404);
    expect(used.json().code).toBe('MIRAI_ERR_INVITATION_INVALID');
  });

  it('lets an existing user accept and switch between tenants at sign-in', async () => {
    const owner = await t.signup('host@example.com', 'Host Org');
    const guest = await t.signup('guest@example.com', 'Guest Org');
    const { token } = (
      await t.inject({
        method: 'POST',
        url: '/v1/invitations',
        headers: owner.auth,
        payload: { email: 'guest@example.com', role: 'learner', delivery: 'link' },
      })
    ).json();
    const accepted = await t.inject({ method: 'POST', url: '/v1/invitations/accept', headers: guest.auth, payload: { token } });
    expect(accepted.json()).toEqual({ tenantId: owner.tenantId, role: 'learner' });
    const login = await t.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'guest@example.com', password: TEST_PASSWORD, tenantId: owner.tenantId },
    });
    expect(login.json()).toMatchObject({ tenant: { id: owner.tenantId }, role: 'learner' });
    const me = await t.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${login.json().token}` } });
    expect(me.json().tenants).toHaveLength(2);
  });
});
