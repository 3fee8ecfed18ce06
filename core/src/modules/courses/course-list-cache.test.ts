import { describe, expect, it } from 'vitest';
import { CourseListCache, courseListKey } from './course-list-cache.ts';

const bytes = (text: string) => Buffer.from(text);

/** A loader that counts its calls. */
function loader(text: string) {
  const calls = { count: 0 };
  const load = async () => {
    calls.count++;
    return bytes(text);
  };
  return { calls, load };
}

describe('CourseListCache', () => {
  it('keeps nothing until change notices are heard, then answers from memory', async () => {
    const cache = new CourseListCache();
    const { calls, load } = loader('a');
    await cache.page('t1', 'k', load);
    await cache.page('t1', 'k', load);
    expect(calls.count).toBe(2);
    cache.hearing(true);
    await cache.page('t1', 'k', load);
    expect((await cache.page('t1', 'k', load)).toString()).toBe('a');
    expect(calls.count).toBe(3);
  });

  it("forgets only the organisation a notice names, and everything on '*' or when notices stop", async () => {
    const cache = new CourseListCache();
    cache.hearing(true);
    const one = loader('one');
    const two = loader('two');
    await cache.page('t1', 'k', one.load);
    await cache.page('t2', 'k', two.load);
    cache.changed('t1');
    await cache.page('t1', 'k', one.load);
    await cache.page('t2', 'k', two.load);
    expect([one.calls.count, two.calls.count]).toEqual([2, 1]);
    cache.changed('*');
    await cache.page('t2', 'k', two.load);
    expect(two.calls.count).toBe(2);
    cache.hearing(false);
    await cache.page('t2', 'k', two.load);
    await cache.page('t2', 'k', two.load);
    expect(two.calls.count).toBe(4);
  });

  it('answers a load that overlapped a notice without keeping it', async () => {
    const cache = new CourseListCache();
    cache.hearing(true);
    let calls = 0;
    await cache.page('t1', 'k', async () => {
      calls++;
      cache.changed('t2');
      return bytes('old');
    });
    await cache.page('t1', 'k', async () => {
      calls++;
      return bytes('new');
    });
    expect(calls).toBe(2);
  });

  it('drops pages older than the safety-net age and the oldest organisation beyond its size', async () => {
    let now = 0;
    const cache = new CourseListCache({ ttlMs: 1_000, maxEntries: 2, now: () => now });
    cache.hearing(true);
    const a = loader('a');
    await cache.page('t1', 'k', a.load);
    now = 1_000;
    await cache.page('t1', 'k', a.load);
    expect(a.calls.count).toBe(2);
    const b = loader('b');
    await cache.page('t2', 'k', b.load);
    await cache.page('t3', 'k', b.load);
    await cache.page('t1', 'k', a.load);
    expect(a.calls.count).toBe(3);
  });

  it('keys pages by everything but the organisation that selects them', () => {
    expect(courseListKey({})).toBe(courseListKey({ kind: 'course', archived: false }));
    expect(courseListKey({ tag: ' Forklift ' })).toBe(courseListKey({ tag: 'forklift' }));
    const keys = [{}, { kind: 'template' as const }, { archived: true }, { tag: 'x' }, { limit: 5 }, { cursor: 'c' }].map(courseListKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
