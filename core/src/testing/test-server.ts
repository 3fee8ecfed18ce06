import { loadConfig } from '../config/config.ts';
import { type BuildOptions, buildServer, type MiraiServer } from '../server.ts';
import { createTestDatabase } from './test-database.ts';
import { createTestRedis } from './test-redis.ts';
import type { SignedUp, TestServer } from './test-server-contract.ts';

export { createGroundedCourse, httpCaller, injectCaller, MANUAL_HANDLING_GUIDE, waitForJob } from './course-fixture.ts';
export { createTestDatabase, seedMigratedDataDir, type TestDatabase } from './test-database.ts';
export { createTestRedis, type TestRedis } from './test-redis.ts';
export type { SignedUp, TestServer } from './test-server-contract.ts';
export { startTestSmtp, type TestSmtp } from './test-smtp.ts';
export { WsTestClient } from './ws-client.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

const signedUp = (body: { token: string; user: { id: string }; tenant: { id: string } }, email: string): SignedUp => ({
  token: body.token,
  userId: body.user.id,
  tenantId: body.tenant.id,
  email,
  auth: { authorization: `Bearer ${body.token}` },
});

/**
 * A real server on a fresh database (embedded, or PostgreSQL when MIRAI_TEST_DATABASE_URL is set),
 * driven through `inject` so tests exercise routes, schemas, hooks and plugins end to end.
 */
export async function startTestServer(env: Record<string, string> = {}, options: BuildOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const redis = createTestRedis();
  let server: MiraiServer;
  const serverEnv = { LOG_LEVEL: 'silent', MIRAI_AUTH_RATE_LIMIT_PER_MINUTE: '100000', ...database.env, ...redis.env, ...env };
  try {
    server = await buildServer(loadConfig(serverEnv), {
      migrate: true,
      ...options,
    });
  } catch (error) {
    await database.dispose();
    await redis.dispose();
    throw error;
  }
  const inject = server.app.inject.bind(server.app) as MiraiServer['app']['inject'];
  return {
    server,
    inject,
    env: serverEnv,
    async join(inviter, email, role) {
      const invited = await inject({ method: 'POST', url: '/v1/invitations', headers: inviter.auth, payload: { email, role, delivery: 'link' } });
      if (invited.statusCode !== 201) throw new Error(`invitation failed: ${invited.statusCode} ${invited.body}`);
      const invitationToken = invited.json<{ token: string }>().token;
      const response = await inject({ method: 'POST', url: '/v1/auth/signup', payload: { email, password: TEST_PASSWORD, invitationToken } });
      if (response.statusCode !== 201) throw new Error(`signup by invitation failed: ${response.statusCode} ${response.body}`);
      return signedUp(response.json(), email);
    },
    async signup(email, tenantName = `${email.split('@')[0] ?? 'org'} Org`, options = {}) {
      const response = await server.app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email, password: TEST_PASSWORD, tenantName } });
      if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
      const body = response.json<{ token: string; user: { id: string }; tenant: { id: string } }>();
      if (options.verified !== false)
        await server.orm.em.fork().execute('update app_user set email_verified_at = now() where id = ?', [body.user.id]);
      return signedUp(body, email);
    },
    async close() {
      await server.close();
      await database.dispose();
      await redis.dispose();
    },
  };
}
export { THIRD_PARTY_CMI5 } from '../modules/cmi5/testing/cmi5-fixtures.ts';
export { TestPlatform } from '../modules/lti/testing/test-platform.ts';
export { MIRAI_SEQUENCING_SAMPLE, THIRD_PARTY_SCORM, zipScormFolder } from '../modules/scorm/testing/scorm-fixtures.ts';
export { InProcessTestSandbox } from './in-process-test-sandbox.ts';
