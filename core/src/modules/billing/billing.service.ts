import type { EntityManager } from '@mikro-orm/postgresql';
import type { BillingProvider, Entitlements, PlanOffer, TenantContext } from '@mirai/sdk-plugin';
import { TENANT_FILTER } from '../../db/orm.ts';
import type { ErrorCode } from '../../errors/error-catalogue.ts';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { usageReportHealth } from './usage-report-queue.ts';

/** The tenant's enabled billing plugin, ready to call. */
export interface TenantBilling {
  plugin: string;
  provider: BillingProvider;
  tenant: TenantContext;
}

/** This month's AI token usage (the generation module records it); billing compares it with the plan. */
export interface MonthlyTokenUsage {
  thisMonth(em: EntityManager, tenantId: string): Promise<{ month: string; tokens: number }>;
}

export interface SeatUsage {
  members: number;
  pendingInvitations: number;
}

export interface BillingOverview {
  enabled: boolean;
  plugin: string | null;
  /** Null when no billing plugin is enabled: nothing is limited. */
  entitlements: Entitlements | null;
  plans: PlanOffer[];
  usage: { month: string; aiTokens: number; seats: SeatUsage };
  usageReports: { pending: number; failed: number; lastError: string | null };
}

/**
 * Entitlements, enforced server-side through the tenant's enabled `billing` plugin. Without one
 * (the embedded default) everything is allowed. Checks run outside transactions: resolving the
 * plugin reads with its own EntityManager, which in embedded mode needs the only connection.
 */
export class BillingService {
  readonly #plugins: TenantPluginsService;
  readonly #usage: MonthlyTokenUsage;
  readonly #fallbackUpgradeUrl: string;

  constructor(options: { plugins: TenantPluginsService; usage: MonthlyTokenUsage; appUrl: string }) {
    this.#plugins = options.plugins;
    this.#usage = options.usage;
    // The web app's billing page, where an owner can change plan.
    this.#fallbackUpgradeUrl = `${options.appUrl}/admin/billing`;
  }

  /** Scoped to `tenantId` whatever the caller's filter (accepting an invitation acts on another tenant). */
  async billingFor(em: EntityManager, tenantId: string): Promise<TenantBilling | null> {
    const scoped = em.fork({ clear: true });
    scoped.setFilterParams(TENANT_FILTER, { tenantId });
    const [first] = await this.#plugins.enabled(scoped, tenantId, 'billing');
    return first === undefined ? null : { plugin: first.plugin, provider: first.implementation, tenant: first.tenant };
  }

  async entitlements(em: EntityManager, tenantId: string): Promise<{ plugin: string; entitlements: Entitlements } | null> {
    const billing = await this.billingFor(em, tenantId);
    if (billing === null) return null;
    return { plugin: billing.plugin, entitlements: await billing.provider.entitlements(billing.tenant) };
  }

  async seatUsage(em: EntityManager, tenantId: string): Promise<SeatUsage> {
    const rows = await em.execute<{ members: string; pending: string }[]>(
      `select (select count(*) from membership where tenant_id = ?) as members,
              (select count(*) from invitation where tenant_id = ? and accepted_at is null and expires_at > now()) as pending`,
      [tenantId, tenantId],
    );
    return { members: Number(rows[0]?.members ?? 0), pendingInvitations: Number(rows[0]?.pending ?? 0) };
  }

  #refuse(code: ErrorCode, detail: string, entitlements: Entitlements, extra: Record<string, unknown>): MiraiError {
    return new MiraiError(code, detail, {
      extensions: { plan: entitlements.plan, upgradeUrl: entitlements.upgradeUrl ?? this.#fallbackUpgradeUrl, ...extra },
    });
  }

  #assertActive(entitlements: Entitlements): void {
    if (!entitlements.active)
      throw this.#refuse(
        'MIRAI_ERR_BILLING_INACTIVE',
        `The subscription to plan "${entitlements.plan}" is not active; renew it to continue`,
        entitlements,
        {},
      );
  }

  /**
   * One more member must fit the plan. Inviting counts pending invitations too (each will take a
   * seat); accepting counts members only, since the invitation being accepted held its seat.
   */
  async assertSeatAvailable(em: EntityManager, tenantId: string, reason: 'invite' | 'accept', additional = 1): Promise<void> {
    const found = await this.entitlements(em, tenantId);
    if (found === null) return;
    const { entitlements } = found;
    this.#assertActive(entitlements);
    if (entitlements.seats === null) return;
    const seats = await this.seatUsage(em, tenantId);
    const taken = seats.members + (reason === 'invite' ? seats.pendingInvitations : 0);
    if (taken + additional > entitlements.seats)
      throw this.#refuse(
        'MIRAI_ERR_BILLING_SEATS_EXHAUSTED',
        `Plan "${entitlements.plan}" includes ${entitlements.seats} seats and ${taken} are taken (${seats.members} members, ${seats.pendingInvitations} pending invitations); upgrade to add members`,
        entitlements,
        { seats: entitlements.seats, members: seats.members, pendingInvitations: seats.pendingInvitations },
      );
  }

  async assertAiAllowance(em: EntityManager, tenantId: string): Promise<void> {
    const found = await this.entitlements(em, tenantId);
    if (found === null) return;
    const { entitlements } = found;
    this.#assertActive(entitlements);
    if (entitlements.aiTokensPerMonth === null) return;
    const usage = await this.#usage.thisMonth(em, tenantId);
    if (usage.tokens >= entitlements.aiTokensPerMonth)
      throw this.#refuse(
        'MIRAI_ERR_BILLING_AI_ALLOWANCE_EXHAUSTED',
        `Plan "${entitlements.plan}" includes ${entitlements.aiTokensPerMonth} AI tokens a month and ${usage.tokens} were used in ${usage.month}; upgrade to generate more`,
        entitlements,
        { aiTokensPerMonth: entitlements.aiTokensPerMonth, aiTokensUsed: usage.tokens, month: usage.month },
      );
  }

  async overview(em: EntityManager, tenantId: string): Promise<BillingOverview> {
    const billing = await this.billingFor(em, tenantId);
    const usage = await this.#usage.thisMonth(em, tenantId);
    return {
      enabled: billing !== null,
      plugin: billing?.plugin ?? null,
      entitlements: billing === null ? null : await billing.provider.entitlements(billing.tenant),
      plans: billing?.provider.plans === undefined ? [] : await billing.provider.plans(billing.tenant),
      usage: { month: usage.month, aiTokens: usage.tokens, seats: await this.seatUsage(em, tenantId) },
      usageReports: await usageReportHealth(em, tenantId),
    };
  }

  async #required(em: EntityManager, tenantId: string): Promise<TenantBilling> {
    const billing = await this.billingFor(em, tenantId);
    if (billing === null)
      throw new MiraiError('MIRAI_ERR_BILLING_NOT_ENABLED', 'Enable a billing plugin (e.g. billing-stripe) for this organisation first');
    return billing;
  }

  async checkout(em: EntityManager, actor: AuthContext, input: { plan: string; successUrl: string; cancelUrl: string }): Promise<{ url: string }> {
    const billing = await this.#required(em, actor.tenantId);
    return billing.provider.createCheckout({ ...input, customerEmail: actor.email }, billing.tenant);
  }

  async portal(em: EntityManager, actor: AuthContext, input: { returnUrl: string }): Promise<{ url: string }> {
    const billing = await this.#required(em, actor.tenantId);
    return billing.provider.createPortalSession(input, billing.tenant);
  }
}
