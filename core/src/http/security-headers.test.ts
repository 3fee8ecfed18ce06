import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { API_CONTENT_SECURITY_POLICY, API_SECURITY_HEADERS, apiSecurityHeaders } from './security-headers.ts';

const NOT_SECURITY = new Set(['content-type', 'content-length', 'date', 'connection']);

async function securityHeadersOf(register: (app: ReturnType<typeof Fastify>) => Promise<void>): Promise<Record<string, unknown>> {
  const app = Fastify();
  await register(app);
  app.get('/', async () => ({ ok: true }));
  const response = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  return Object.fromEntries(Object.entries(response.headers).filter(([name]) => !NOT_SECURITY.has(name)));
}

describe('the API security headers', () => {
  it("are exactly helmet's (with frames denied) plus the API's own CSP, without running helmet per request", async () => {
    const fromHelmet = await securityHeadersOf(async (app) => {
      await app.register(helmet, { contentSecurityPolicy: false, strictTransportSecurity: false, xFrameOptions: { action: 'deny' } });
    });
    const ours = await securityHeadersOf(async (app) => {
      app.addHook('onRequest', apiSecurityHeaders);
    });
    expect(Object.keys(fromHelmet).length).toBeGreaterThan(5);
    expect(ours).toEqual({ ...fromHelmet, 'content-security-policy': API_CONTENT_SECURITY_POLICY });
    expect(Object.isFrozen(API_SECURITY_HEADERS)).toBe(true);
  });
});
