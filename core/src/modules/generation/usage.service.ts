import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GenerationMeta } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { PluginEventBus } from '../../plugin-host/plugin-event-bus.ts';
import { queueUsageReport } from '../billing/usage-report-queue.ts';

export interface MonthlyUsage {
  month: string;
  tokens: number;
  cap: number | null;
}

/** Token usage per tenant and job; the monthly cap stops new generation, billing reads the rows. */
export class UsageService {
  readonly #events: PluginEventBus;

  constructor(events: PluginEventBus) {
    this.#events = events;
  }

  /**
   * Records usage in the caller's transaction; the plugin event follows the commit. A provider
   * that declared itself not metered (`AiProvider.metered === false`, e.g. ai-offline) spends
   * nothing, so nothing is recorded against the allowance or reported to billing.
   */
  async record(em: EntityManager, tenantId: string, jobId: string, meta: GenerationMeta, metered: boolean): Promise<() => Promise<void>> {
    if (!metered) return async () => {};
    await em.execute(
      'insert into token_usage (id, tenant_id, job_id, provider, model, input_tokens, output_tokens, created_at) values (?, ?, ?, ?, ?, ?, ?, now())',
      [randomUUID(), tenantId, jobId, meta.provider, meta.model, meta.usage.inputTokens, meta.usage.outputTokens + (meta.usage.thinkingTokens ?? 0)],
    );
    // Queued with the usage itself, so it reaches the billing plugin exactly when the usage is committed.
    await queueUsageReport(em, { tenantId, jobId, aiTokens: meta.usage.inputTokens + meta.usage.outputTokens + (meta.usage.thinkingTokens ?? 0) });
    return () =>
      this.#events.emit('generation.usage', {
        tenantId,
        jobId,
        provider: meta.provider,
        model: meta.model,
        inputTokens: meta.usage.inputTokens,
        outputTokens: meta.usage.outputTokens,
      });
  }

  async thisMonth(em: EntityManager, tenantId: string): Promise<MonthlyUsage> {
    const rows = await em.execute<{ tokens: string | null; cap: string | null; month: string }[]>(
      `select (select sum(input_tokens + output_tokens) from token_usage where tenant_id = ? and created_at >= date_trunc('month', now())) as tokens,
              (select ai_monthly_token_cap from tenant where id = ?) as cap,
              to_char(date_trunc('month', now()), 'YYYY-MM') as month`,
      [tenantId, tenantId],
    );
    const row = rows[0];
    return { month: row?.month ?? '', tokens: Number(row?.tokens ?? 0), cap: row?.cap === null || row?.cap === undefined ? null : Number(row.cap) };
  }

  async assertWithinCap(em: EntityManager, tenantId: string): Promise<void> {
    const usage = await this.thisMonth(em, tenantId);
    if (usage.cap !== null && usage.tokens >= usage.cap)
      throw new MiraiError(
        'MIRAI_ERR_GENERATION_QUOTA_EXCEEDED',
        `This month's AI allowance of ${usage.cap} tokens is used up (${usage.tokens} used)`,
        {
          extensions: { usage },
        },
      );
  }
}
