import { describe, expect, it } from 'vitest';
import { type CachedSession, type CallerView, IdentityCache } from './identity-cache.ts';

const session: CachedSession = { sessionId: 's1', userId: 'u1', tenantId: 't1', expiresAtMs: Number.MAX_SAFE_INTEGER };
const view: CallerView = {
  userId: 'u1',
  email: 'a@example.com',
  emailVerified: true,
  locale: null,
  memberships: [{ tenant: { id: 't1', name: 'T', slug: 't' }, role: 'owner' }],
};

/** A loader that counts its calls, so a test can tell a hit from a miss. */
function loader() {
  const calls = { count: 0 };
  return {
    calls,
    load: async () => {
      calls.count++;
      return { session, view };
    },
  };
}

describe('IdentityCache', () => {
  it('caches nothing until it hears change notices, and forgets everything when it stops', async () => {
    const cache = new IdentityCache();
    const { calls, load } = loader();
    await cache.session('h', load);
    await cache.session('h', load);
    expect(calls.count).toBe(2);
    cache.hearing(true);
    await cache.session('h', load);
    await cache.session('h', load);
    expect(calls.count).toBe(3);
    cache.hearing(false);
    cache.hearing(true);
    await cache.session('h', load);
    expect(calls.count).toBe(4);
  });

  it('forgets a session on its notice, and a user view on the user or one of their organisations', async () => {
    const cache = new IdentityCache();
    cache.hearing(true);
    const { calls, load } = loader();
    await cache.session('h', load);
    cache.changed('session:s1');
    expect((await cache.session('h', load))?.view).toEqual(view);
    expect(calls.count).toBe(2);

    let views = 0;
    const loadView = async () => {
      views++;
      return view;
    };
    expect(await cache.view('u1', loadView)).toEqual(view);
    expect(views).toBe(0);
    cache.changed('user:u1');
    await cache.view('u1', loadView);
    cache.changed('tenant:other');
    await cache.view('u1', loadView);
    cache.changed('tenant:t1');
    await cache.view('u1', loadView);
    cache.changed('something new');
    await cache.view('u1', loadView);
    expect(views).toBe(3);
    expect(calls.count).toBe(2);
  });

  it('does not keep a load that a notice overtook, since it may have read the rows from before the change', async () => {
    const cache = new IdentityCache();
    cache.hearing(true);
    const { calls, load } = loader();
    await cache.session('h', async () => {
      cache.changed('user:someone-else');
      return load();
    });
    await cache.session('h', load);
    expect(calls.count).toBe(2);
  });

  it('drops entries past their age and the oldest beyond its size', async () => {
    let now = 0;
    const cache = new IdentityCache({ ttlMs: 1_000, maxEntries: 2, now: () => now });
    cache.hearing(true);
    let loads = 0;
    const loadView = (userId: string) => async () => {
      loads++;
      return { ...view, userId };
    };
    await cache.view('a', loadView('a'));
    now = 999;
    await cache.view('a', loadView('a'));
    now = 1_000;
    await cache.view('a', loadView('a'));
    expect(loads).toBe(2);
    await cache.view('b', loadView('b'));
    await cache.view('c', loadView('c'));
    await cache.view('a', loadView('a'));
    expect(loads).toBe(5);
    await cache.view('c', loadView('c'));
    expect(loads).toBe(5);
  });
});
