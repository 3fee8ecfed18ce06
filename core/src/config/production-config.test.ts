import { describe, expect, it } from 'vitest';
import { MiraiError } from '../errors/mirai-error.ts';
import { loadConfig } from './config.ts';
import { assertProductionConfig } from './production-config.ts';

const server = {
  DATABASE_URL: 'postgres://db/mirai',
  MIRAI_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
  MIRAI_PUBLIC_URL: 'https://api.example',
  MIRAI_APP_URL: 'https://app.example',
  MIRAI_CORS_ORIGINS: 'https://app.example',
};

function refusal(env: Record<string, string>, command: 'start' | 'worker' = 'start'): MiraiError {
  try {
    assertProductionConfig(loadConfig(env), command);
  } catch (error) {
    if (error instanceof MiraiError) return error;
    throw error;
  }
  throw new Error('expected the production check to refuse');
}

describe('assertProductionConfig', () => {
  it('accepts a server configuration with https URLs and listed origins', () => {
    expect(() => assertProductionConfig(loadConfig(server), 'start')).not.toThrow();
    expect(() => assertProductionConfig(loadConfig(server), 'worker')).not.toThrow();
  });

  it('refuses the embedded database, pointing at dev and --embedded', () => {
    const start = refusal({});
    expect(start.extensions.variable).toBe('DATABASE_URL');
    expect(start.message).toMatch(/`mirai start --embedded`/);
    expect(refusal({}, 'worker').message).toMatch(/^DATABASE_URL must be set for `mirai worker`/);
  });

  it('refuses a generated secret key: server mode must be given one', () => {
    const { MIRAI_SECRET_KEY: _key, ...withoutKey } = server;
    expect(refusal(withoutKey).extensions.variable).toBe('MIRAI_SECRET_KEY');
  });

  it('refuses plain-http public URLs except on loopback', () => {
    expect(refusal({ ...server, MIRAI_PUBLIC_URL: 'http://api.example' }).extensions.variable).toBe('MIRAI_PUBLIC_URL');
    expect(refusal({ ...server, MIRAI_APP_URL: 'http://10.0.0.5:3000' }).extensions.variable).toBe('MIRAI_APP_URL');
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:9000', 'http://[::1]:8080'])
      expect(() => assertProductionConfig(loadConfig({ ...server, MIRAI_PUBLIC_URL: local }), 'start')).not.toThrow();
  });

  it('refuses wildcard and plain-http CORS origins', () => {
    const wildcard = refusal({ ...server, MIRAI_CORS_ORIGINS: '*' });
    expect(wildcard.extensions.variable).toBe('MIRAI_CORS_ORIGINS');
    expect(wildcard.message).toMatch(/wildcard/);
    expect(refusal({ ...server, MIRAI_CORS_ORIGINS: 'https://*.example' }).extensions.variable).toBe('MIRAI_CORS_ORIGINS');
    expect(refusal({ ...server, MIRAI_CORS_ORIGINS: 'https://app.example,http://app.example' }).message).toMatch(/http:\/\/app.example/);
  });
});
