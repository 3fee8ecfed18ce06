import type { JsonObject } from '../json-schema.ts';
import type { TenantContext } from './tenant-context.ts';

/** What a tenant may use; null means unlimited. */
export interface Entitlements {
  plan: string;
  active: boolean;
  seats: number | null;
  aiTokensPerMonth: number | null;
  /** Where an administrator can upgrade, shown with entitlement errors. */
  upgradeUrl?: string;
}

/** A plan an organisation can choose, as the web app's billing page lists it. */
export interface PlanOffer {
  name: string;
  seats: number | null;
  aiTokensPerMonth: number | null;
  /** Whether checkout can subscribe to it (a free plan has nothing to pay for). */
  purchasable: boolean;
}

export interface CheckoutInput {
  plan: string;
  successUrl: string;
  cancelUrl: string;
  customerEmail: string;
}

export interface UsageReport {
  /** Tokens consumed; the provider converts to its metered unit. */
  aiTokens: number;
  /** Stable per unit of work so a retried report is counted once. */
  idempotencyKey: string;
  occurredAt: Date;
}

export interface BillingProvider<Config extends JsonObject = JsonObject> {
  createCheckout(input: CheckoutInput, tenant: TenantContext<Config>): Promise<{ url: string }>;
  createPortalSession(input: { returnUrl: string }, tenant: TenantContext<Config>): Promise<{ url: string }>;
  entitlements(tenant: TenantContext<Config>): Promise<Entitlements>;
  reportUsage(report: UsageReport, tenant: TenantContext<Config>): Promise<void>;
  /** Compares local subscription state with the provider's and heals drift. */
  reconcile(tenant: TenantContext<Config>): Promise<{ changed: boolean }>;
  /** The plans on offer, for the billing page; a provider without it shows none to choose from. */
  plans?(tenant: TenantContext<Config>): Promise<PlanOffer[]>;
}
