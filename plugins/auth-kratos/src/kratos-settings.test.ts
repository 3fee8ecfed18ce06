import { createTestHost } from '@mirai/sdk-plugin/testing';
import { describe, expect, it } from 'vitest';
import { createAuthKratosPlugin } from './index.ts';
import { kratosSettings } from './kratos-settings.ts';

describe('kratosSettings', () => {
  it('is idle without publicUrl (MIRAI_KRATOS_PUBLIC_URL)', () => {
    expect(kratosSettings({})).toBeNull();
  });

  it('defaults the browser URL to the public URL, the TTL to 30 s and the cookie to ory_kratos_session', () => {
    expect(kratosSettings({ publicUrl: 'http://kratos:4433/' })).toEqual({
      publicUrl: 'http://kratos:4433',
      browserUrl: 'http://kratos:4433',
      cacheTtlMs: 30_000,
      sessionCookie: 'ory_kratos_session',
      timeoutMs: 5_000,
    });
  });

  it('reads every setting', () => {
    expect(
      kratosSettings({
        publicUrl: 'http://kratos:4433',
        browserUrl: 'https://auth.example.org',
        cacheTtlSeconds: 0,
        sessionCookie: 'ory_session_acme',
        timeoutMs: 1500,
      }),
    ).toMatchObject({ browserUrl: 'https://auth.example.org', cacheTtlMs: 0, sessionCookie: 'ory_session_acme', timeoutMs: 1_500 });
  });

  it('lets the host refuse a bad value, naming the field', async () => {
    const refused = (instanceConfig: Record<string, string | number>) => createTestHost(createAuthKratosPlugin(), { instanceConfig });
    await expect(refused({ publicUrl: 'kratos' })).rejects.toThrow(/publicUrl must match pattern/);
    await expect(refused({ publicUrl: 'http://k', cacheTtlSeconds: -1 })).rejects.toThrow(/cacheTtlSeconds must be >= 0/);
    await expect(refused({ publicUrl: 'http://k', browserUrl: 'ftp://x' })).rejects.toThrow(/browserUrl must match pattern/);
    await expect(refused({ publicUrl: 'http://k', sessionCookie: 'a;b' })).rejects.toThrow(/sessionCookie must match pattern/);
  });
});

describe('the plugin without settings', () => {
  it('stays idle on a server that uses another identity provider', async () => {
    const host = await createTestHost(createAuthKratosPlugin(), { instanceConfig: { authProvider: 'auth-local' } });
    expect(host.extensions('auth')).toEqual([]);
  });

  it('refuses to register as the configured identity provider without MIRAI_KRATOS_PUBLIC_URL', async () => {
    await expect(createTestHost(createAuthKratosPlugin(), { instanceConfig: { authProvider: 'auth-kratos' } })).rejects.toThrow(
      /MIRAI_KRATOS_PUBLIC_URL must be set when MIRAI_AUTH_PROVIDER is auth-kratos/,
    );
  });
});
