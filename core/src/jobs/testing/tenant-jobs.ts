import { randomUUID } from 'node:crypto';
import type { JobsTestDatabase } from '../../testing/jobs-test-database.ts';
import { tenantEntityManager } from '../job-context.ts';
import type { JobDelivery, JobTransport } from '../job-transport.ts';
import { JobsService } from '../jobs.service.ts';

// Helpers for the fair hand-over's tests: tenants, jobs committed as an API route would, and a
// transport that only records what the relay handed over (no worker: SQL plays its part).

export const sql = <T>(db: JobsTestDatabase, query: string, params: unknown[] = []) => db.orm.em.fork().execute<T[]>(query, params);

export async function newTenant(db: JobsTestDatabase): Promise<string> {
  const id = randomUUID();
  await sql(db, `insert into tenant (id, name, slug, created_at) values (?, 'Fair', ?, now())`, [id, `fair-${id}`]);
  return id;
}

/** `count` jobs of `tenantId` in one transaction, oldest first. */
export async function createTenantJobs(db: JobsTestDatabase, tenantId: string, count: number, kind = 'fair'): Promise<string[]> {
  const jobs = new JobsService();
  return tenantEntityManager(db.orm, tenantId).transactional(async (tx) => {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) ids.push((await jobs.createJob(tx, { kind, tenantId, payload: { index } })).id);
    return ids;
  });
}

export type RecordingTransport = JobTransport & { delivered: JobDelivery[] };

export function recordingTransport(onEnqueue: (deliveries: readonly JobDelivery[]) => void = () => undefined): RecordingTransport {
  const delivered: JobDelivery[] = [];
  return {
    name: 'recorder',
    delivered,
    async enqueue(deliveries) {
      onEnqueue(deliveries);
      delivered.push(...deliveries);
    },
    consume: async () => undefined,
    close: async () => undefined,
  };
}

/** Jobs of `tenantId` the relay counts in flight. */
export async function jobsInFlight(db: JobsTestDatabase, tenantId: string): Promise<number> {
  const [row] = await sql<{ n: number }>(db, 'select count(*)::int as n from job_flight where tenant_id = ?', [tenantId]);
  return row?.n ?? 0;
}
