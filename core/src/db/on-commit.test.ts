import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { onCommit, reportAfterCommitFailures } from './on-commit.ts';

let db: JobsTestDatabase;
const failures: unknown[] = [];

beforeAll(async () => {
  db = await startJobsTestDatabase();
  reportAfterCommitFailures(db.orm.em, (error) => failures.push(error));
});
afterAll(() => db.close());

// em.execute runs on the transaction's connection.
const insertTenant = (tx: EntityManager, id: string) =>
  tx.execute("insert into tenant (id, name, slug, created_at) values (?, 'On commit', ?, now())", [id, `on-commit-${id}`]);
const tenantExists = async (id: string) => (await db.orm.em.fork().getConnection().execute('select 1 from tenant where id = ?', [id])).length === 1;

describe('onCommit', () => {
  it('runs declared work after the commit, in order, where another connection sees the change', async () => {
    const id = randomUUID();
    const seen: string[] = [];
    await db.orm.em.fork().transactional(async (tx) => {
      await insertTenant(tx, id);
      onCommit(tx, async () => void seen.push(`first: ${await tenantExists(id)}`));
      onCommit(tx, () => void seen.push('second'));
      seen.push('in transaction');
    });
    expect(seen).toEqual(['in transaction', 'first: true', 'second']);
  });

  it('drops the work when the transaction rolls back', async () => {
    const id = randomUUID();
    const seen: string[] = [];
    await expect(
      db.orm.em.fork().transactional(async (tx) => {
        await insertTenant(tx, id);
        onCommit(tx, () => void seen.push('after commit'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.orm.em.fork().transactional(async () => undefined);
    expect(seen).toEqual([]);
    expect(await tenantExists(id)).toBe(false);
  });

  it('reports a failing piece without undoing the commit or skipping the next one', async () => {
    const seen: string[] = [];
    failures.length = 0;
    await db.orm.em.fork().transactional(async (tx) => {
      onCommit(tx, () => {
        throw new Error('redis is down');
      });
      onCommit(tx, () => void seen.push('still runs'));
    });
    expect(seen).toEqual(['still runs']);
    expect(failures).toEqual([new Error('redis is down')]);
  });

  it('refuses to be declared outside a transaction or in a nested one', async () => {
    expect(() => onCommit(db.orm.em.fork(), () => undefined)).toThrow(/needs a transaction/);
    await db.orm.em.fork().transactional(async (outer) => {
      await outer.transactional(async (inner) => {
        expect(() => onCommit(inner, () => undefined)).toThrow(/outermost transaction/);
      });
    });
  });
});
