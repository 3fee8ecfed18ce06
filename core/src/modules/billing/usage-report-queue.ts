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

/**
 * `mirai usage-reports retry`: failed reports (the billing provider refused them, e.g. before the
 * organisation's plan was fixed) go back to pending with a fresh count, due now; the next drain
 * sends them under the same idempotency key. `dryRun` only lists them.
 */
export async function retryFailedUsageReports(em: EntityManager, options: { dryRun: boolean; tenantId?: string }): Promise<string[]> {
  const where = `status = 'failed' ${options.tenantId === undefined ? '' : 'and tenant_id = ?'}`;
  const params = options.tenantId === undefined ? [] : [options.tenantId];
  const rows = options.dryRun
    ? await em.execute<Array<{ id: string }>>(`select id from billing_usage_report where ${where} order by occurred_at`, params)
    : await em.execute<Array<{ id: string }>>(
        `update billing_usage_report set status = 'pending', attempts = 0, next_attempt_at = now() where ${where} returning id`,
        params,
      );
  return rows.map((row) => row.id);
}
