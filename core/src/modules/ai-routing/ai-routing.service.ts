import type { EntityManager } from '@mikro-orm/postgresql';
import type { AiProvider, TenantContext } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { AI_TASKS, type AiRouteEntry, type AiRouting, type AiTask } from './ai-routing.schemas.ts';

/**
 * The token counts routing checks before it picks a provider (generation's usage service supplies
 * them): a port, so this module does not import generation, which imports it.
 */
export interface RoutingUsage {
  pluginTokensThisMonth(em: EntityManager, tenantId: string, plugin: string): Promise<number>;
  assertWithinCap(em: EntityManager, tenantId: string): Promise<void>;
}

/** The plan's AI allowance (the billing module enforces it, when the organisation has a billing plugin). */
export interface AiAllowance {
  assertAiAllowance(em: EntityManager, tenantId: string): Promise<void>;
}

/** One provider a task may be written by, resolved to the organisation's enabled plugin. */
export interface AiCandidate {
  plugin: string;
  ai: AiProvider;
  tenant: TenantContext;
  /** The route's model, overriding the plugin's configured one. */
  model?: string;
  monthlyTokenCap?: number;
}

/** The organisation's enabled AI plugins, default order first (TenantPluginsService.enabled). */
export interface EnabledAiPlugins {
  enabled(
    em: EntityManager,
    tenantId: string,
    capability: 'ai',
  ): Promise<Array<{ plugin: string; implementation: AiProvider; tenant: TenantContext }>>;
}

/** Why a candidate was passed over: over a cap, cannot follow the instruction, or it failed. */
export interface PassedOver {
  plugin: string;
  reason: string;
  error: unknown;
}

/**
 * Which provider and model write each task for an organisation, with the chain to fall back on.
 * A task without a route (and a route naming no enabled plugin) uses the default provider: the
 * most recently configured enabled AI plugin, as before routing existed.
 */
export class AiRoutingService {
  readonly #plugins: EnabledAiPlugins;
  readonly #usage: RoutingUsage;
  readonly #billing: AiAllowance | undefined;

  constructor(options: { plugins: EnabledAiPlugins; usage: RoutingUsage; billing?: AiAllowance }) {
    this.#plugins = options.plugins;
    this.#usage = options.usage;
    this.#billing = options.billing;
  }

  async get(em: EntityManager, tenantId: string): Promise<AiRouting> {
    const [row] = await em.execute<Array<{ ai_routing: AiRouting | null }>>('select ai_routing from tenant where id = ?', [tenantId]);
    return row?.ai_routing ?? {};
  }

  /** Replaces the routing; every provider named must be an AI plugin enabled for the organisation. */
  async put(em: EntityManager, tenantId: string, routing: AiRouting): Promise<AiRouting> {
    const enabled = new Set((await this.#plugins.enabled(em, tenantId, 'ai')).map((entry) => entry.plugin));
    const fieldErrors = AI_TASKS.flatMap((task) =>
      (routing[task] ?? []).flatMap((route, index) =>
        enabled.has(route.provider)
          ? []
          : [
              {
                field: `/body/${task}/${index}/provider`,
                message: `"${route.provider}" is not an AI plugin enabled for this organisation (enabled: ${[...enabled].join(', ') || 'none'})`,
              },
            ],
      ),
    );
    if (fieldErrors.length > 0) throw new MiraiError('MIRAI_ERR_GENERATION_ROUTE_INVALID', fieldErrors[0]?.message, { fieldErrors });
    const stored = Object.fromEntries(AI_TASKS.flatMap((task) => (routing[task] === undefined ? [] : [[task, routing[task]]])));
    await em.execute('update tenant set ai_routing = ? where id = ?', [JSON.stringify(stored), tenantId]);
    return stored;
  }

  async providers(em: EntityManager, tenantId: string) {
    return (await this.#plugins.enabled(em, tenantId, 'ai')).map(({ plugin, implementation }) => ({
      plugin,
      label: implementation.label,
      usesModel: implementation.usesModel !== false,
      metered: implementation.metered !== false,
      instructionsFollowed: implementation.instructionsFollowed === undefined ? null : [...implementation.instructionsFollowed],
    }));
  }

  /** The providers that may write `task`, in the order to try them. */
  async candidates(em: EntityManager, tenantId: string, task: AiTask, signal?: AbortSignal): Promise<AiCandidate[]> {
    const enabled = await this.#plugins.enabled(em, tenantId, 'ai');
    if (enabled.length === 0)
      throw new MiraiError('MIRAI_ERR_PLUGIN_CAPABILITY_UNAVAILABLE', 'No AI provider is enabled for this organisation; enable one under Plugins');
    const routing = await this.get(em, tenantId);
    const routes: AiRouteEntry[] = (task === 'rewrite' ? (routing.rewrite ?? routing.lessonBody) : routing[task]) ?? [];
    const withSignal = (tenant: TenantContext): TenantContext => (signal === undefined ? tenant : { ...tenant, signal });
    const chain = routes.flatMap((route) => {
      const found = enabled.find((entry) => entry.plugin === route.provider);
      if (found === undefined) return [];
      return [
        {
          plugin: found.plugin,
          ai: found.implementation,
          tenant: withSignal(found.tenant),
          ...(route.model === undefined ? {} : { model: route.model }),
          ...(route.monthlyTokenCap === undefined ? {} : { monthlyTokenCap: route.monthlyTokenCap }),
        },
      ];
    });
    if (chain.length > 0) return chain;
    const [first] = enabled;
    return first === undefined ? [] : [{ plugin: first.plugin, ai: first.implementation, tenant: withSignal(first.tenant) }];
  }

  /**
   * Why `candidate` should not write now, or null. Free providers are never stopped by a cap; with
   * `caps: false` (the last provider of a running job's chain) caps are not checked at all, so work
   * admitted when it started finishes, as it did before routing existed.
   */
  async passOver(
    em: EntityManager,
    tenantId: string,
    candidate: AiCandidate,
    instruction?: string,
    options: { caps: boolean } = { caps: true },
  ): Promise<PassedOver | null> {
    const { plugin, ai } = candidate;
    const refusal = instruction === undefined ? null : (ai.refuseInstruction?.(instruction) ?? null);
    if (refusal !== null) {
      const extensions = { instruction, ...(ai.instructionsFollowed === undefined ? {} : { canFollow: [...ai.instructionsFollowed] }) };
      return { plugin, reason: refusal, error: new MiraiError('MIRAI_ERR_GENERATION_CANNOT_FOLLOW', refusal, { extensions }) };
    }
    if (ai.metered === false || !options.caps) return null;
    if (candidate.monthlyTokenCap !== undefined) {
      const used = await this.#usage.pluginTokensThisMonth(em, tenantId, plugin);
      if (used >= candidate.monthlyTokenCap) {
        const reason = `${plugin} used ${used} of its ${candidate.monthlyTokenCap}-token monthly cap`;
        return { plugin, reason, error: new MiraiError('MIRAI_ERR_GENERATION_QUOTA_EXCEEDED', reason, { extensions: { plugin, used } }) };
      }
    }
    try {
      await this.#usage.assertWithinCap(em, tenantId);
      await this.#billing?.assertAiAllowance(em, tenantId);
    } catch (error) {
      if (!(error instanceof MiraiError)) throw error;
      return { plugin, reason: error.message, error };
    }
    return null;
  }

  /**
   * Refuses to start work no provider of the chain may do now: the first one's reason (422 for an
   * instruction it cannot follow, 403/402 for a cap), so a lone ai-offline or a lone capped model
   * answers as before routing existed.
   */
  async assertCanStart(em: EntityManager, tenantId: string, task: AiTask, instruction?: string): Promise<void> {
    let first: PassedOver | null = null;
    for (const candidate of await this.candidates(em, tenantId, task)) {
      const passed = await this.passOver(em, tenantId, candidate, instruction);
      if (passed === null) return;
      first ??= passed;
    }
    if (first !== null) throw first.error;
  }
}
