import { createTestHost } from '@mirai/sdk-plugin/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthKratosPlugin } from './index.ts';
import { kratosSettingsFromEnv } from './kratos-settings.ts';

describe('kratosSettingsFromEnv', () => {
  it('is idle without MIRAI_KRATOS_PUBLIC_URL', () => {
    expect(kratosSettingsFromEnv({})).toBeNull();
  });

  it('defaults the browser URL to the public URL, the TTL to 30 s and the cookie to ory_kratos_session', () => {
    expect(kratosSettingsFromEnv({ MIRAI_KRATOS_PUBLIC_URL: 'http://kratos:4433/' })).toEqual({
      publicUrl: 'http://kratos:4433',
      browserUrl: 'http://kratos:4433',
      cacheTtlMs: 30_000,
      sessionCookie: 'ory_kratos_session',
      timeoutMs: 5_000,
    });
  });

  it('reads every setting and names the variable of a bad value', () => {
    expect(
      kratosSettingsFromEnv({
        MIRAI_KRATOS_PUBLIC_URL: 'http://kratos:4433',
        MIRAI_KRATOS_BROWSER_URL: 'https://auth.example.org',
        MIRAI_KRATOS_CACHE_TTL_SECONDS: '0',
        MIRAI_KRATOS_SESSION_COOKIE: 'ory_session_acme',
        MIRAI_KRATOS_TIMEOUT_MS: '1500',
      }),
    ).toMatchObject({ browserUrl: 'https://auth.example.org', cacheTtlMs: 0, sessionCookie: 'ory_session_acme', timeoutMs: 1_500 });
    expect(() => kratosSettingsFromEnv({ MIRAI_KRATOS_PUBLIC_URL: 'kratos' })).toThrow(/^MIRAI_KRATOS_PUBLIC_URL is not a valid URL/);
    expect(() => kratosSettingsFromEnv({ MIRAI_KRATOS_PUBLIC_URL: 'http://k', MIRAI_KRATOS_CACHE_TTL_SECONDS: '-1' })).toThrow(
      /^MIRAI_KRATOS_CACHE_TTL_SECONDS must be an integer/,
    );
    expect(() => kratosSettingsFromEnv({ MIRAI_KRATOS_PUBLIC_URL: 'http://k', MIRAI_KRATOS_BROWSER_URL: 'ftp://x' })).toThrow(
      /^MIRAI_KRATOS_BROWSER_URL must use http/,
    );
  });
});

describe('the plugin without settings', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('stays idle on a server that uses another identity provider', async () => {
    vi.stubEnv('MIRAI_KRATOS_PUBLIC_URL', '');
    vi.stubEnv('MIRAI_AUTH_PROVIDER', 'auth-local');
    const host = await createTestHost(createAuthKratosPlugin());
    expect(host.extensions('auth')).toEqual([]);
  });

  it('refuses to register as the configured identity provider without MIRAI_KRATOS_PUBLIC_URL', async () => {
    vi.stubEnv('MIRAI_KRATOS_PUBLIC_URL', '');
    vi.stubEnv('MIRAI_AUTH_PROVIDER', 'auth-kratos');
    await expect(createTestHost(createAuthKratosPlugin())).rejects.toThrow(
      /MIRAI_KRATOS_PUBLIC_URL must be set when MIRAI_AUTH_PROVIDER is auth-kratos/,
    );
  });
});
