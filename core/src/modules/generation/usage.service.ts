import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GenerationMeta } from '@mirai/sdk-plugin';
import { onCommit } from '../../db/on-commit.ts';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { MiraiMetrics } from '../../observability/mirai-metrics.ts';
import type { PluginEventBus } from '../../plugin-host/plugin-event-bus.ts';
import { queueUsageReport } from '../billing/usage-report-queue.ts';

export interface MonthlyUsage {
  month: string;
  tokens: number;
  cap: number | null;
}

/** This month's tokens of one plugin's model (rows from before routing name only the provider). */
export interface ModelUsage {
  plugin: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
}

/** Token usage per tenant and job; the monthly cap stops new generation, billing reads the rows. */
export class UsageService {
  readonly #events: PluginEventBus;
  readonly #metrics: MiraiMetrics | undefined;

  constructor(events: PluginEventBus, metrics?: MiraiMetrics) {
    this.#events = events;
    this.#metrics = metrics;
  }

  /**
   * Records usage in the caller's transaction `tx`; the plugin event follows its commit. A provider
   * that declared itself not metered (`AiProvider.metered === false`, e.g. ai-offline) spends
   * nothing, so nothing is recorded against the allowance or reported to billing.
   */
  async record(tx: EntityManager, tenantId: string, jobId: string, meta: GenerationMeta, metered: boolean, plugin?: string): Promise<void> {
    if (!metered) return;
    await tx.execute(
      'insert into token_usage (id, tenant_id, job_id, provider, model, input_tokens, output_tokens, plugin, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, now())',
      [
        randomUUID(),
        tenantId,
        jobId,
        meta.provider,
        meta.model,
        meta.usage.inputTokens,
        meta.usage.outputTokens + (meta.usage.thinkingTokens ?? 0),
        plugin ?? null,
      ],
    );
    // Queued with the usage itself, so it reaches the billing plugin exactly when the usage is committed.
    await queueUsageReport(tx, { tenantId, jobId, aiTokens: meta.usage.inputTokens + meta.usage.outputTokens + (meta.usage.thinkingTokens ?? 0) });
    onCommit(tx, () => {
      this.#metrics?.aiTokens.inc({ provider: meta.provider, direction: 'in' }, meta.usage.inputTokens);
      this.#metrics?.aiTokens.inc({ provider: meta.provider, direction: 'out' }, meta.usage.outputTokens + (meta.usage.thinkingTokens ?? 0));
      return this.#events.emit('generation.usage', {
        tenantId,
        jobId,
        provider: meta.provider,
        model: meta.model,
        inputTokens: meta.usage.inputTokens,
        outputTokens: meta.usage.outputTokens,
      });
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

  /** Tokens one plugin used this month (what a route's `monthlyTokenCap` is checked against). */
  async pluginTokensThisMonth(em: EntityManager, tenantId: string, plugin: string): Promise<number> {
    const [row] = await em.execute<Array<{ tokens: string | null }>>(
      `select sum(input_tokens + output_tokens) as tokens from token_usage
        where tenant_id = ? and plugin = ? and created_at >= date_trunc('month', now())`,
      [tenantId, plugin],
    );
    return Number(row?.tokens ?? 0);
  }

  /** This month's usage per plugin and model, most tokens first. */
  async byModel(em: EntityManager, tenantId: string): Promise<ModelUsage[]> {
    const rows = await em.execute<Array<{ plugin: string; model: string; input: string; output: string }>>(
      `select coalesce(plugin, provider) as plugin, model, sum(input_tokens) as input, sum(output_tokens) as output from token_usage
        where tenant_id = ? and created_at >= date_trunc('month', now())
        group by 1, 2 order by sum(input_tokens + output_tokens) desc, 1, 2`,
      [tenantId],
    );
    return rows.map((row) => ({ plugin: row.plugin, model: row.model, inputTokens: Number(row.input), outputTokens: Number(row.output) }));
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
