import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

// In server mode (MIRAI_TEST_DATABASE_URL) these requests really run at once on separate
// connections of the pool; on PGlite the one connection serialises them. Both must keep an owner.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

type Member = { id: string; userId: string; role: string };

async function members(owner: SignedUp): Promise<Member[]> {
  const response = await t.inject({ method: 'GET', url: '/v1/members', headers: owner.auth });
  return response.json<{ items: Member[] }>().items;
}

/** A new organisation with `count` owners. */
async function ownedBy(name: string, count: number): Promise<{ owners: SignedUp[]; membershipOf: (owner: SignedUp) => string }> {
  const first = await t.signup(`${name}-0@example.com`);
  const owners = [first];
  for (let i = 1; i < count; i++) owners.push(await t.join(first, `${name}-${i}@example.com`, 'owner'));
  const ids = new Map((await members(first)).map((m) => [m.userId, m.id]));
  return { owners, membershipOf: (owner) => ids.get(owner.userId) ?? '' };
}

async function ownersLeft(tenantId: string): Promise<number> {
  const rows = await t.server.orm.em
    .fork()
    .getConnection()
    .execute<{ count: string | number }[]>("select count(*) as count from membership where tenant_id = ? and role = 'owner'", [tenantId]);
  return Number(rows[0]?.count);
}

describe('an organisation always keeps an owner', () => {
  it('two owners demoting each other at the same moment: one succeeds, one owner remains', async () => {
    for (let round = 0; round < 4; round++) {
      const { owners, membershipOf } = await ownedBy(`demote-${round}`, 2);
      const [a, b] = owners as [SignedUp, SignedUp];
      const answers = await Promise.all([
        t.inject({ method: 'PATCH', url: `/v1/members/${membershipOf(b)}`, headers: a.auth, payload: { role: 'admin' } }),
        t.inject({ method: 'PATCH', url: `/v1/members/${membershipOf(a)}`, headers: b.auth, payload: { role: 'admin' } }),
      ]);
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 403]);
      expect(await ownersLeft(a.tenantId)).toBe(1);
    }
  }, 120_000);

  it('many owners each demoting the next at the same moment never leave none', async () => {
    for (let round = 0; round < 3; round++) {
      const { owners, membershipOf } = await ownedBy(`crowd-${round}`, 5);
      const answers = await Promise.all(
        owners.map((actor, i) => {
          const target = owners[(i + 1) % owners.length] as SignedUp;
          return t.inject({ method: 'PATCH', url: `/v1/members/${membershipOf(target)}`, headers: actor.auth, payload: { role: 'author' } });
        }),
      );
      expect(answers.every((answer) => answer.statusCode < 500)).toBe(true);
      expect(await ownersLeft(owners[0]?.tenantId ?? '')).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);

  it('two owners leaving at the same moment: one stays', async () => {
    for (let round = 0; round < 3; round++) {
      const { owners, membershipOf } = await ownedBy(`leave-${round}`, 2);
      const answers = await Promise.all(
        owners.map((owner) => t.inject({ method: 'DELETE', url: `/v1/members/${membershipOf(owner)}`, headers: owner.auth })),
      );
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([204, 409]);
      expect(await ownersLeft(owners[0]?.tenantId ?? '')).toBe(1);
    }
  }, 120_000);

  it('the last owner can neither be demoted nor removed, nor leave', async () => {
    const { owners, membershipOf } = await ownedBy('alone', 1);
    const owner = owners[0] as SignedUp;
    const url = `/v1/members/${membershipOf(owner)}`;
    expect((await t.inject({ method: 'PATCH', url, headers: owner.auth, payload: { role: 'admin' } })).json().code).toBe(
      'MIRAI_ERR_MEMBER_LAST_OWNER',
    );
    expect((await t.inject({ method: 'DELETE', url, headers: owner.auth })).json().code).toBe('MIRAI_ERR_MEMBER_LAST_OWNER');
    expect(await ownersLeft(owner.tenantId)).toBe(1);
  });
});
