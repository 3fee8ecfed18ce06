import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { createPluginStateStore } from './plugin-state-store.ts';

let db: JobsTestDatabase;

beforeAll(async () => {
  db = await startJobsTestDatabase();
});

afterAll(async () => {
  await db.close();
});

describe('plugin state transactions', () => {
  it('commits every write of the work together', async () => {
    const state = createPluginStateStore(db.orm, 'tx-commit');
    const result = await state.transaction(async (tx) => {
      await tx.set('event:1', { type: 'a' }, { ifAbsent: true });
      await tx.set('subscription', { status: 'active' });
      return (await tx.get('subscription')) as { status: string };
    });
    expect(result).toEqual({ status: 'active' });
    expect(await state.get('event:1')).toEqual({ type: 'a' });
    expect(await state.get('subscription')).toEqual({ status: 'active' });
  });

  it('rolls every write back when the work throws, so a claimed key can be claimed again', async () => {
    const state = createPluginStateStore(db.orm, 'tx-rollback');
    await state.set('subscription', { status: 'active' });
    await expect(
      state.transaction(async (tx) => {
        await tx.set('event:2', true, { ifAbsent: true });
        await tx.set('subscription', { status: 'canceled' });
        await tx.delete('other');
        throw new Error('applying failed');
      }),
    ).rejects.toThrow('applying failed');
    expect(await state.get('event:2')).toBeNull();
    expect(await state.get('subscription')).toEqual({ status: 'active' });
    await state.transaction((tx) => tx.set('event:2', true, { ifAbsent: true }));
    expect(await state.get('event:2')).toBe(true);
  });

  it('lets only one of two transactions claim the same key', async () => {
    const state = createPluginStateStore(db.orm, 'tx-claim');
    const claim = () =>
      state.transaction(async (tx) => {
        await tx.set('event:3', true, { ifAbsent: true });
        await tx.set('applied', (((await tx.get('applied')) as number | null) ?? 0) + 1);
      });
    const outcomes = await Promise.allSettled([claim(), claim()]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { code: 'MIRAI_ERR_PLUGIN_CONFLICT' } });
    expect(await state.get('applied')).toBe(1);
  });
});
