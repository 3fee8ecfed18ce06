import { afterEach, describe, expect, it } from 'vitest';
import { NotificationFeed } from './notification-feed.ts';
import type { NotificationDraft } from './notifier.ts';

const draft = (sourceKey: string): NotificationDraft => ({
  tenantId: 't',
  userId: 'u',
  sourceKey,
  kind: 'export.ready',
  title: 'Export ready',
  body: '',
  link: '/',
  payload: {},
});

/** Sources appear when the test says so; each pass takes what is there, as the SQL would. */
function harness() {
  const waiting: NotificationDraft[] = [];
  const told: string[] = [];
  let passes = 0;
  let release: (() => void) | null = null;
  let holdNext = false;
  const feed = new NotificationFeed({
    pending: async () => {
      passes += 1;
      const read = waiting.splice(0);
      if (holdNext) {
        holdNext = false;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
      return read;
    },
    notify: async (d) => void told.push(d.sourceKey),
    // Far longer than any test waits: only wake() can make a pass happen.
    pollMs: 60_000,
    onError: (error) => {
      throw error;
    },
  });
  return {
    feed,
    told,
    passes: () => passes,
    add: (key: string) => waiting.push(draft(key)),
    holdNextPass: () => {
      holdNext = true;
    },
    releasePass: () => release?.(),
  };
}

let current: ReturnType<typeof harness> | undefined;
afterEach(async () => {
  current?.releasePass();
  await current?.feed.stop();
});

describe('the notification feed', () => {
  it('runs a pass as soon as it is woken, without waiting for the poll', async () => {
    current = harness();
    current.feed.start();
    current.add('job-event:a:1');
    current.feed.wake();
    await expect.poll(() => current?.told).toEqual(['job-event:a:1']);
  });

  it('runs one more pass when woken during a pass that had already read its sources', async () => {
    current = harness();
    const h = current;
    h.feed.start();
    h.holdNextPass();
    h.feed.wake();
    await expect.poll(() => h.passes()).toBe(1);
    // The event's row arrives after the held pass read the (then empty) sources.
    h.add('job-event:b:1');
    h.feed.wake();
    h.releasePass();
    await expect.poll(() => h.told).toEqual(['job-event:b:1']);
    expect(h.passes()).toBe(2);
  });

  it('reports a failed pass and keeps going: the next wake is served', async () => {
    const errors: unknown[] = [];
    let failNext = true;
    const told: string[] = [];
    const feed = new NotificationFeed({
      pending: async () => {
        if (failNext) {
          failNext = false;
          throw new Error('database went away');
        }
        return [draft('job-event:d:1')];
      },
      notify: async (d) => void told.push(d.sourceKey),
      pollMs: 60_000,
      onError: (error) => void errors.push(error),
    });
    feed.start();
    feed.wake();
    await expect.poll(() => errors.length).toBe(1);
    feed.wake();
    await expect.poll(() => told).toEqual(['job-event:d:1']);
    await feed.stop();
  });
});
