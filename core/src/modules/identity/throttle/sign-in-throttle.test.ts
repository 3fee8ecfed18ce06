import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestRedis, startTestServer, TEST_PASSWORD, type TestServer } from '../../../testing/test-server.ts';

const login = (t: TestServer, email: string, password: string, remoteAddress: string) =>
  t.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress, payload: { email, password } });

describe('password sign-in throttling', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ MIRAI_AUTH_LOCKOUT_THRESHOLD: '3', MIRAI_AUTH_LOCKOUT_SECONDS: '600', MIRAI_AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  it('locks an account after failures from many addresses, even for the right password, and leaves others alone', async () => {
    const victim = await t.signup('lock-victim@example.com');
    const bystander = await t.signup('lock-bystander@example.com');
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
      expect((await login(t, victim.email, 'wrong password guess', address)).statusCode).toBe(401);
    const locked = await login(t, 'Lock-Victim@Example.com', TEST_PASSWORD, '198.51.100.4');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'MIRAI_ERR_AUTH_LOCKED' });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(locked.json().retryAfterSeconds).toBe(retryAfter);
    expect((await login(t, bystander.email, TEST_PASSWORD, '198.51.100.4')).statusCode).toBe(200);
  });

  it('locks unknown addresses the same way, so a lock reveals no account', async () => {
    for (let i = 0; i < 3; i += 1) expect((await login(t, 'nobody-here@example.com', 'wrong password guess', '198.51.100.9')).statusCode).toBe(401);
    expect((await login(t, 'nobody-here@example.com', 'wrong password guess', '198.51.100.9')).json().code).toBe('MIRAI_ERR_AUTH_LOCKED');
  });

  it('forgets failures after a successful sign-in', async () => {
    const user = await t.signup('lock-reset@example.com');
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 2; i += 1) expect((await login(t, user.email, 'wrong password guess', '198.51.100.20')).statusCode).toBe(401);
      expect((await login(t, user.email, TEST_PASSWORD, '198.51.100.20')).statusCode).toBe(200);
    }
  });

  it('rate-limits sign-up per client address with a coded 429 and Retry-After', async () => {
    const limited = await startTestServer({ MIRAI_AUTH_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const signup = (n: number) =>
        limited.inject({
          method: 'POST',
          url: '/v1/auth/signup',
          remoteAddress: '203.0.113.50',
          payload: { email: `rl-${n}@example.com`, password: TEST_PASSWORD, tenantName: `Org ${n}` },
        });
      expect([(await signup(1)).statusCode, (await signup(2)).statusCode]).toEqual([201, 201]);
      const refused = await signup(3);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().code).toBe('MIRAI_ERR_REQUEST_RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe.skipIf(!process.env.MIRAI_TEST_REDIS_URL)('sign-in throttling across API replicas (server mode)', () => {
  const replicas: TestServer[] = [];
  let dispose: () => Promise<void> = async () => {};
  beforeAll(async () => {
    // Two replicas of one deployment: the same database and the same Redis namespace.
    const database = await createTestDatabase();
    const redis = createTestRedis();
    dispose = async () => {
      await database.dispose();
      await redis.dispose();
    };
    const env = {
      ...database.env,
      ...redis.env,
      MIRAI_QUEUE_NAMESPACE: redis.env.MIRAI_QUEUE_NAMESPACE ?? `mirai-test-${randomBytes(5).toString('hex')}`,
      MIRAI_AUTH_LOCKOUT_THRESHOLD: '3',
      MIRAI_AUTH_RATE_LIMIT_PER_MINUTE: '4',
    };
    replicas.push(await startTestServer(env), await startTestServer(env));
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await dispose();
  });

  it('shares the per-account lock and the per-address limit between replicas', async () => {
    const [a, b] = replicas as [TestServer, TestServer];
    const user = await a.signup('replicated-lock@example.com');
    expect((await login(a, user.email, 'wrong password guess', '192.0.2.1')).statusCode).toBe(401);
    expect((await login(b, user.email, 'wrong password guess', '192.0.2.2')).statusCode).toBe(401);
    expect((await login(a, user.email, 'wrong password guess', '192.0.2.3')).statusCode).toBe(401);
    expect((await login(b, user.email, TEST_PASSWORD, '192.0.2.4')).json().code).toBe('MIRAI_ERR_AUTH_LOCKED');

    const statuses = [];
    for (const replica of [a, b, a, b, a])
      statuses.push((await login(replica, `someone-${statuses.length}@example.com`, 'x', '192.0.2.99')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });
});
