import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobsTestDatabase, startJobsTestDatabase } from '../testing/jobs-test-database.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { migrate, pendingMigrations } from './orm.ts';

let db: JobsTestDatabase;

beforeAll(async () => {
  db = await startJobsTestDatabase();
});
afterAll(() => db.close());

const last = MIGRATIONS.at(-1)?.name ?? '';

describe('pending migrations', () => {
  it('finds none, and applies none, once every migration is recorded', async () => {
    expect(await pendingMigrations(db.orm)).toEqual([]);
    expect(await migrate(db.orm)).toEqual([]);
  });

  it('names a migration whose record is missing, so the quick check never hides one', async () => {
    const connection = db.orm.em.getConnection();
    const [row] = await connection.execute<{ id: number; name: string; executed_at: Date }[]>(
      'select id, name, executed_at from mikro_orm_migrations where name = ?',
      [last],
    );
    expect(row?.name).toBe(last);
    await connection.execute('delete from mikro_orm_migrations where name = ?', [last]);
    try {
      expect(await pendingMigrations(db.orm)).toEqual([last]);
    } finally {
      await connection.execute('insert into mikro_orm_migrations (id, name, executed_at) values (?, ?, ?)', [row?.id, row?.name, row?.executed_at]);
    }
    expect(await pendingMigrations(db.orm)).toEqual([]);
  });
});
