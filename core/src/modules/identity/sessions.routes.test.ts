import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, TEST_PASSWORD, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
}, 180_000);
afterAll(() => t?.close());

interface SessionEntry {
  id: string;
  organisationId: string;
  createdAt: string;
  expiresAt: string;
  current: boolean;
}

const me = (auth: { authorization: string }) => t.inject({ method: 'GET', url: '/v1/me', headers: auth });
const list = async (auth: { authorization: string }) => {
  const response = await t.inject({ method: 'GET', url: '/v1/auth/sessions', headers: auth });
  expect(response.statusCode).toBe(200);
  return response.json<{ sessions: SessionEntry[] }>().sessions;
};
const end = (auth: { authorization: string }, id: string) => t.inject({ method: 'DELETE', url: `/v1/auth/sessions/${id}`, headers: auth });

async function signInAgain(user: SignedUp): Promise<{ authorization: string }> {
  const response = await t.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: user.email, password: TEST_PASSWORD } });
  expect(response.statusCode).toBe(200);
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}

describe('the signed-in user’s sessions', () => {
  it('lists only the user’s own sessions and marks the current one', async () => {
    const user = await t.signup('many-sessions@example.com');
    const other = await signInAgain(user);
    await t.signup('someone-else@example.com');
    const sessions = await list(user.auth);
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    for (const session of sessions) {
      expect(session.organisationId).toBe(user.tenantId);
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.parse(session.createdAt));
    }
    // The other client sees the same two, with its own marked.
    const seenByOther = await list(other);
    expect(seenByOther.map((session) => session.id).sort()).toEqual(sessions.map((session) => session.id).sort());
    expect(seenByOther.find((session) => session.current)?.id).not.toBe(sessions.find((session) => session.current)?.id);
  });

  it('ends another of the user’s sessions, which stops working while this one goes on', async () => {
    const user = await t.signup('ends-a-session@example.com');
    const other = await signInAgain(user);
    const otherId = (await list(other)).find((session) => session.current)?.id ?? '';
    expect((await end(user.auth, otherId)).statusCode).toBe(204);
    expect((await me(other)).statusCode).toBe(401);
    expect((await me(user.auth)).statusCode).toBe(200);
    expect((await list(user.auth)).map((session) => session.id)).not.toContain(otherId);
    const again = await end(user.auth, otherId);
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('MIRAI_ERR_AUTH_SESSION_NOT_FOUND');
  });

  it('answers 404 for another user’s session and leaves it alone', async () => {
    const attacker = await t.signup('session-attacker@example.com');
    const victim = await t.signup('session-victim@example.com');
    const victimSessionId = (await list(victim.auth))[0]?.id ?? '';
    const refused = await end(attacker.auth, victimSessionId);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('MIRAI_ERR_AUTH_SESSION_NOT_FOUND');
    expect(await end(attacker.auth, randomUUID())).toMatchObject({ statusCode: 404 });
    expect((await me(victim.auth)).statusCode).toBe(200);
  });

  it('is for signed-in users only', async () => {
    expect((await t.inject({ method: 'GET', url: '/v1/auth/sessions' })).statusCode).toBe(401);
    expect((await t.inject({ method: 'DELETE', url: `/v1/auth/sessions/${randomUUID()}` })).statusCode).toBe(401);
  });
});
