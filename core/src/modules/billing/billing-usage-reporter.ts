import { isPluginError } from '@mirai/sdk-plugin';
import type { Orm } from '../../db/orm.ts';
import { retryDelayMs } from '../../jobs/backoff.ts';
import type { BillingService } from './billing.service.ts';

/** Queued in the generation job's transaction; re-exported beside the reporter that sends them. */
export { queueUsageReport } from './usage-report-queue.ts';

interface DueReport {
  id: string;
  tenant_id: string;
  job_id: string;
  ai_tokens: number;
  occurred_at: Date | string;
  attempts: number;
}

/** How long a claimed report stays hidden from other workers while it is being sent. */
const LEASE_SECONDS = 120;
/** Failed reports are retried with back-off up to this delay, for as long as it takes. */
const RETRY_CAP_MS = 3_600_000;

/**
 * AI token usage → the tenant's billing plugin, reliably. Usage is queued in the generation
 * job's own transaction (an outbox row), then sent by workers; a failed send stays queued and is
 * retried with back-off (an outage or a wrong key heals once fixed). Only a report the provider
 * rejects as such (MIRAI_ERR_PLUGIN_BAD_INPUT: no retry can succeed) is set aside as `failed`,
 * kept with its error and counted in GET /v1/billing. The row id is the idempotency key, so a
 * send that reached the provider but whose answer was lost is counted once when retried.
 */
export class BillingUsageReporter {
  readonly #orm: Orm;
  readonly #billing: BillingService;
  readonly #onError: (error: unknown) => void;

  constructor(options: { orm: Orm; billing: BillingService; onError?: (error: unknown) => void }) {
    this.#orm = options.orm;
    this.#billing = options.billing;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** The idempotency key of a report: derived from the generation job and the usage row. */
  static idempotencyKey(report: Pick<DueReport, 'job_id' | 'id'>): string {
    return `mirai-job-${report.job_id}-usage-${report.id}`;
  }

  /** Sends due reports; returns how many were sent. Safe to run on every worker at once (rows are leased). */
  async drain(limit = 100): Promise<{ reported: number; failed: number; rejected: number; skipped: number }> {
    const due = await this.#orm.em.fork().execute<DueReport[]>(
      `update billing_usage_report set attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
       where id in (select id from billing_usage_report where status = 'pending' and next_attempt_at <= now()
                    order by next_attempt_at limit ? for update skip locked)
       returning id, tenant_id, job_id, ai_tokens, occurred_at, attempts`,
      [LEASE_SECONDS, limit],
    );
    const result = { reported: 0, failed: 0, rejected: 0, skipped: 0 };
    for (const report of due) {
      const em = this.#orm.em.fork();
      try {
        const billing = await this.#billing.billingFor(em, report.tenant_id);
        if (billing === null) {
          // No billing plugin: usage is not billable, and nothing will ever send it.
          await em.execute('delete from billing_usage_report where id = ?', [report.id]);
          result.skipped += 1;
          continue;
        }
        await billing.provider.reportUsage(
          { aiTokens: report.ai_tokens, idempotencyKey: BillingUsageReporter.idempotencyKey(report), occurredAt: new Date(report.occurred_at) },
          billing.tenant,
        );
        await em.execute(`update billing_usage_report set status = 'reported', reported_at = now(), last_error = null where id = ?`, [report.id]);
        result.reported += 1;
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_BAD_INPUT') {
          result.rejected += 1;
          await em.execute(`update billing_usage_report set status = 'failed', last_error = ? where id = ?`, [why, report.id]).catch(this.#onError);
          this.#onError(error);
          continue;
        }
        result.failed += 1;
        const delay = retryDelayMs(report.attempts, 5_000, RETRY_CAP_MS);
        await em
          .execute('update billing_usage_report set next_attempt_at = now() + make_interval(secs => ?), last_error = ? where id = ?', [
            delay / 1000,
            why,
            report.id,
          ])
          .catch(this.#onError);
        this.#onError(error);
      }
    }
    return result;
  }
}
