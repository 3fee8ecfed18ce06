import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Queues a usage report in the caller's transaction (`em.execute`, so it shares the transaction's
 * connection). Tenants without a billing plugin have theirs dropped by the next drain.
 */
export async function queueUsageReport(em: EntityManager, usage: { tenantId: string; jobId: string; aiTokens: number }): Promise<void> {
  await em.execute(
    `insert into billing_usage_report (id, tenant_id, job_id, ai_tokens, occurred_at, status, attempts, next_attempt_at)
     values (?, ?, ?, ?, now(), 'pending', 0, now())`,
    [randomUUID(), usage.tenantId, usage.jobId, usage.aiTokens],
  );
}

/** What an organisation's usage reports are waiting on, for GET /v1/billing. */
export async function usageReportHealth(em: EntityManager, tenantId: string): Promise<{ pending: number; failed: number; lastError: string | null }> {
  const [row] = await em.execute<{ pending: number; failed: number; last_error: string | null }[]>(
    `select count(*) filter (where status = 'pending')::int as pending,
            count(*) filter (where status = 'failed')::int as failed,
            (select last_error from billing_usage_report
              where tenant_id = ? and status in ('pending', 'failed') and last_error is not null
              order by occurred_at desc limit 1) as last_error
       from billing_usage_report where tenant_id = ?`,
    [tenantId, tenantId],
  );
  return { pending: row?.pending ?? 0, failed: row?.failed ?? 0, lastError: row?.last_error ?? null };
}
