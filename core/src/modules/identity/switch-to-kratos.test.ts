import { type KratosFake, startKratosFake } from '@mirai/auth-kratos/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.ts';
import { buildServer, type MiraiServer } from '../../server.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { TEST_PASSWORD } from '../../testing/test-server.ts';

let database: TestDatabase;
let kratos: KratosFake;
beforeAll(async () => {
  database = await createTestDatabase();
  kratos = await startKratosFake();
});
afterAll(async () => {
  await kratos?.close();
  await database?.dispose();
});

async function serve(env: Record<string, string>, work: (server: MiraiServer) => Promise<void>): Promise<void> {
  const server = await buildServer(loadConfig({ LOG_LEVEL: 'silent', ...database.env, ...env }), { migrate: true });
  try {
    await work(server);
  } finally {
    await server.close();
  }
}

describe('switching a deployment from auth-local to auth-kratos', () => {
  it('is configuration only: existing users keep their account and organisation once their Kratos email is verified', async () => {
    let before = { userId: '', tenantId: '' };
    await serve({}, async (server) => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/v1/auth/signup',
        payload: { email: 'lin@example.org', password: TEST_PASSWORD, tenantName: 'Lin Training' },
      });
      const body = response.json<{ user: { id: string }; tenant: { id: string } }>();
      before = { userId: body.user.id, tenantId: body.tenant.id };
    });

    // Without a cache the verification below is visible at once; with one, within its TTL.
    const kratosEnv = { MIRAI_AUTH_PROVIDER: 'auth-kratos', MIRAI_KRATOS_PUBLIC_URL: kratos.url, MIRAI_KRATOS_CACHE_TTL_SECONDS: '0' };
    await serve(kratosEnv, async (server) => {
      const session = kratos.createSession({ email: 'Lin@example.org', verified: false });
      const headers = { cookie: `ory_kratos_session=${session.cookie}` };
      const refused = await server.app.inject({ method: 'GET', url: '/v1/me', headers });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_AUTH_EMAIL_UNVERIFIED' });

      kratos.verify('lin@example.org');
      const linked = await server.app.inject({ method: 'GET', url: '/v1/me', headers });
      expect(linked.statusCode).toBe(200);
      expect(linked.json()).toMatchObject({ user: { id: before.userId }, tenant: { id: before.tenantId, name: 'Lin Training' }, role: 'owner' });
    });
  }, 120_000);
});
