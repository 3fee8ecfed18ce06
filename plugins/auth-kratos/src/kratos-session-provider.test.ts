import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPluginError, type SessionAuthProvider } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthKratosPlugin } from './index.ts';
import { createKratosSessionProvider } from './kratos-session-provider.ts';
import type { KratosSettings } from './kratos-settings.ts';
import { type KratosFake, startKratosFake } from './testing/kratos-fake-server.ts';

let kratos: KratosFake;
beforeAll(async () => {
  kratos = await startKratosFake();
});
afterAll(() => kratos.close());

function settings(overrides: Partial<KratosSettings> = {}): KratosSettings {
  return {
    publicUrl: kratos.url,
    browserUrl: 'https://auth.example.org',
    cacheTtlMs: 30_000,
    sessionCookie: 'ory_kratos_session',
    timeoutMs: 2_000,
    ...overrides,
  };
}

/** The provider as the host sees it, on a clock the test moves. */
function provider(overrides: Partial<KratosSettings> = {}) {
  const clock = { now: Date.now() };
  const auth = createKratosSessionProvider({ settings: settings(overrides), now: () => clock.now });
  return { auth, clock };
}

const withCookie = (value: string) => ({ headers: { cookie: `theme=dark; ory_kratos_session=${value}; mirai_app=abc` } });
const withToken = (token: string) => ({ headers: { 'x-session-token': token } });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isPluginError(error)) return error;
    throw error;
  }
  throw new Error('expected a PluginError');
}

describe('auth-kratos session provider', () => {
  it('registers as a session provider with self-service links on the browser-facing URL', async () => {
    const host = await createTestHost(createAuthKratosPlugin(), {
      instanceConfig: { publicUrl: kratos.url, browserUrl: 'https://auth.example.org', timeoutMs: 2_000 },
    });
    const auth = host.extension('auth') as SessionAuthProvider;
    expect(auth.kind).toBe('session');
    expect(auth.sessionCookie).toBe('ory_kratos_session');
    expect(auth.selfService).toEqual({
      login: 'https://auth.example.org/self-service/login/browser',
      registration: 'https://auth.example.org/self-service/registration/browser',
      logout: 'https://auth.example.org/self-service/logout/browser',
    });
  });

  it('resolves the identity of a session cookie, forwarding only the session cookie', async () => {
    const { auth } = provider();
    const session = kratos.createSession({ email: 'Ada@Example.org', name: { first: 'Ada', last: 'Lovelace' } });
    await expect(auth.resolveSession(withCookie(session.cookie))).resolves.toEqual({
      subject: session.identity.id,
      email: 'ada@example.org',
      emailVerified: true,
      name: 'Ada Lovelace',
      sessionId: session.id,
      credential: 'cookie',
    });
  });

  it('resolves a session token from X-Session-Token or a bearer header', async () => {
    const { auth } = provider();
    const session = kratos.createSession({ email: 'token@example.org', verified: false });
    await expect(auth.resolveSession(withToken(session.token))).resolves.toMatchObject({
      subject: session.identity.id,
      emailVerified: false,
      credential: 'token',
    });
    const { auth: fresh } = provider();
    await expect(fresh.resolveSession({ headers: { authorization: `Bearer ${session.token}` } })).resolves.toMatchObject({
      subject: session.identity.id,
      credential: 'token',
    });
  });

  it('answers null without asking Kratos when there is no credential, and null on Kratos 401', async () => {
    const { auth } = provider();
    const before = kratos.whoamiCalls;
    await expect(auth.resolveSession({ headers: { cookie: 'theme=dark' } })).resolves.toBeNull();
    expect(kratos.whoamiCalls).toBe(before);
    await expect(auth.resolveSession(withCookie('not-a-session'))).resolves.toBeNull();
    await expect(auth.resolveSession(withToken('ory_st_unknown'))).resolves.toBeNull();
    expect(kratos.whoamiCalls).toBe(before + 2);
  });

  it('maps Kratos 403 (second factor required) to a forbidden PluginError naming the reason', async () => {
    const { auth } = provider();
    const session = kratos.createSession({ email: 'aal2@example.org', aal2Required: true });
    const error = await failure(auth.resolveSession(withCookie(session.cookie)));
    expect(error.code).toBe('MIRAI_ERR_PLUGIN_FORBIDDEN');
    expect(error.message).toContain('session_aal2_required');
    expect(error.message).toContain('https://auth.example.org/self-service/login/browser?aal=aal2');
  });

  it('fails with a transient upstream error, never a session, when Kratos is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { auth } = provider({ publicUrl: `http://127.0.0.1:${port}` });
    const error = await failure(auth.resolveSession(withToken('ory_st_any')));
    expect(error.code).toBe('MIRAI_ERR_PLUGIN_UPSTREAM');
    expect(error.transient).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('serves a repeated credential from the cache within the TTL, and asks again after it', async () => {
    const { auth, clock } = provider({ cacheTtlMs: 30_000 });
    const session = kratos.createSession({ email: 'cache@example.org' });
    const before = kratos.whoamiCalls;
    await auth.resolveSession(withCookie(session.cookie));
    clock.now += 29_000;
    await expect(auth.resolveSession(withCookie(session.cookie))).resolves.toMatchObject({ subject: session.identity.id });
    expect(kratos.whoamiCalls).toBe(before + 1);
    clock.now += 2_000;
    await expect(auth.resolveSession(withCookie(session.cookie))).resolves.toMatchObject({ subject: session.identity.id });
    expect(kratos.whoamiCalls).toBe(before + 2);
  });

  it('asks Kratos every time when the TTL is 0', async () => {
    const { auth } = provider({ cacheTtlMs: 0 });
    const session = kratos.createSession({ email: 'nocache@example.org' });
    const before = kratos.whoamiCalls;
    await auth.resolveSession(withToken(session.token));
    await auth.resolveSession(withToken(session.token));
    expect(kratos.whoamiCalls).toBe(before + 2);
  });

  it('refuses a session revoked in Kratos at most one TTL later', async () => {
    const { auth, clock } = provider({ cacheTtlMs: 30_000 });
    const session = kratos.createSession({ email: 'revoked@example.org' });
    await expect(auth.resolveSession(withCookie(session.cookie))).resolves.not.toBeNull();
    kratos.revoke(session.id);
    clock.now += 10_000;
    await expect(auth.resolveSession(withCookie(session.cookie))).resolves.not.toBeNull();
    clock.now += 20_001;
    await expect(auth.resolveSession(withCookie(session.cookie))).resolves.toBeNull();
  });

  it('never serves a session past its expires_at, even when that is sooner than the TTL', async () => {
    const { auth, clock } = provider({ cacheTtlMs: 30_000 });
    const session = kratos.createSession({ email: 'short@example.org', expiresInMs: 5_000 });
    await expect(auth.resolveSession(withCookie(session.cookie))).resolves.not.toBeNull();
    const before = kratos.whoamiCalls;
    clock.now += 5_001;
    // Kratos (on the real clock) still answers 200; the provider refuses the expired session itself.
    await expect(auth.resolveSession(withCookie(session.cookie))).resolves.toBeNull();
    expect(kratos.whoamiCalls).toBe(before + 1);
  });

  it('keeps two credentials apart in the cache', async () => {
    const { auth } = provider();
    const ada = kratos.createSession({ email: 'ada2@example.org' });
    const bob = kratos.createSession({ email: 'bob2@example.org' });
    await expect(auth.resolveSession(withCookie(ada.cookie))).resolves.toMatchObject({ email: 'ada2@example.org' });
    await expect(auth.resolveSession(withCookie(bob.cookie))).resolves.toMatchObject({ email: 'bob2@example.org' });
    await expect(auth.resolveSession(withToken(ada.cookie))).resolves.toBeNull();
  });
});
