import type { EntityManager } from '@mikro-orm/postgresql';

/** A pending delivery in the transactional outbox. */
export interface OutboxEntry {
  id: string;
  jobId: string;
  kind: string;
  attempt: number;
  availableAt: string;
  ageSeconds: number;
}

type OutboxRow = { id: string; job_id: string; kind: string; attempt: number; available_at: Date | string; age_seconds: number };

/** Oldest first: the head of the outbox is what is late. */
export async function listOutbox(em: EntityManager, limit: number): Promise<{ total: number; entries: OutboxEntry[] }> {
  const [count] = await em.execute<Array<{ total: number }>>('select count(*)::int as total from job_outbox');
  const rows = await em.execute<OutboxRow[]>(
    `select id::text, job_id, kind, attempt, available_at, extract(epoch from now() - created_at)::int as age_seconds
       from job_outbox order by id limit ?`,
    [limit],
  );
  return {
    total: count?.total ?? 0,
    entries: rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      kind: row.kind,
      attempt: row.attempt,
      availableAt: new Date(row.available_at).toISOString(),
      ageSeconds: row.age_seconds,
    })),
  };
}

/**
 * Makes waiting deliveries due now (back-off or relay trouble held them), so the relay sends them on
 * its next pass; the transport dedupes a delivery already in the queue. `dryRun` only lists them.
 */
export async function replayOutbox(em: EntityManager, options: { dryRun: boolean; jobId?: string }): Promise<string[]> {
  const where = `available_at > now() ${options.jobId === undefined ? '' : 'and job_id = ?'}`;
  const params = options.jobId === undefined ? [] : [options.jobId];
  const rows = options.dryRun
    ? await em.execute<Array<{ id: string }>>(`select id::text from job_outbox where ${where} order by id`, params)
    : await em.execute<Array<{ id: string }>>(`update job_outbox set available_at = now() where ${where} returning id::text`, params);
  return rows.map((row) => row.id);
}
