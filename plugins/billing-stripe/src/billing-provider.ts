import {
  type BillingProvider,
  type JsonObject,
  PluginError,
  type PluginStateStore,
  type TenantContext,
  type TransactionalStateStore,
} from '@mirai/sdk-plugin';
import type Stripe from 'stripe';
import { callStripe, type StripeClients } from './stripe-client.ts';
import { type BillingSettings, parseBillingConfig } from './stripe-settings.ts';
import {
  currentSubscription,
  entitlementsFor,
  readSubscription,
  sameSubscription,
  stateKeys,
  toStoredSubscription,
  writeSubscription,
} from './subscription-state.ts';

export interface StripeBillingDeps {
  state: TransactionalStateStore;
  clients: StripeClients;
  /** `context.instanceConfig`: the operator's settings (MIRAI_PLUGIN_SETTINGS_FILE). */
  operator: JsonObject;
}

async function customerOf(state: PluginStateStore, tenantId: string): Promise<string | null> {
  const value = await state.get(stateKeys.customer(tenantId));
  return typeof value === 'string' ? value : null;
}

/**
 * The tenant's Stripe customer, created on first checkout. The idempotency key makes concurrent
 * first checkouts create one customer; `ifAbsent` keeps the first id if two race to record it.
 */
async function ensureCustomer(deps: StripeBillingDeps, stripe: Stripe, tenantId: string, email: string): Promise<string> {
  const known = await customerOf(deps.state, tenantId);
  if (known !== null) return known;
  const customer = await callStripe('creating the customer', () =>
    stripe.customers.create({ email, metadata: { mirai_tenant_id: tenantId } }, { idempotencyKey: `mirai-customer-${tenantId}` }),
  );
  try {
    await deps.state.set(stateKeys.customer(tenantId), customer.id, { ifAbsent: true });
    return customer.id;
  } catch {
    return (await customerOf(deps.state, tenantId)) ?? customer.id;
  }
}

/** The operator's settings: plans, prices, keys and the Stripe endpoint are never an organisation's. */
function settingsOf(deps: StripeBillingDeps): BillingSettings {
  return parseBillingConfig(deps.operator);
}

/** Re-reads the customer's subscriptions from Stripe and stores the one in force; true when local state changed. */
export async function syncFromStripe(deps: StripeBillingDeps, tenant: TenantContext, stripe: Stripe, customerId: string): Promise<boolean> {
  const settings = settingsOf(deps);
  const list = await callStripe('listing subscriptions', () => stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 20 }));
  const current = currentSubscription(list.data);
  const fresh = current === null ? null : toStoredSubscription(current, settings);
  return deps.state.transaction(async (tx) => {
    const stored = await readSubscription(tx, tenant.tenantId);
    if (sameSubscription(stored, fresh)) return false;
    await writeSubscription(tx, tenant.tenantId, fresh);
    return true;
  });
}

export function createStripeBillingProvider(deps: StripeBillingDeps): BillingProvider {
  return {
    async createCheckout(input, tenant) {
      const settings = settingsOf(deps);
      const plan = settings.plans.get(input.plan);
      if (plan === undefined)
        throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `No plan named "${input.plan}"; plans: ${[...settings.plans.keys()].join(', ')}`);
      if (plan.priceId === null) throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `Plan "${plan.name}" has no Stripe price to subscribe to`);
      const stripe = deps.clients.for(settings);
      const customer = await ensureCustomer(deps, stripe, tenant.tenantId, input.customerEmail);
      const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = [{ price: plan.priceId, quantity: 1 }];
      if (plan.meteredPriceId !== null) lineItems.push({ price: plan.meteredPriceId });
      const session = await callStripe('creating the Checkout Session', () =>
        stripe.checkout.sessions.create({
          mode: 'subscription',
          customer,
          client_reference_id: tenant.tenantId,
          line_items: lineItems,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          subscription_data: { metadata: { mirai_tenant_id: tenant.tenantId, mirai_plan: plan.name } },
        }),
      );
      if (session.url === null) throw new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'Stripe returned a Checkout Session without a URL');
      return { url: session.url };
    },

    async createPortalSession(input, tenant) {
      const settings = settingsOf(deps);
      const customer = await customerOf(deps.state, tenant.tenantId);
      if (customer === null)
        throw new PluginError('MIRAI_ERR_PLUGIN_NOT_FOUND', 'This organisation has no Stripe customer yet; subscribe through checkout first');
      const session = await callStripe('creating the Customer Portal session', () =>
        deps.clients.for(settings).billingPortal.sessions.create({ customer, return_url: input.returnUrl }),
      );
      return { url: session.url };
    },

    async entitlements(tenant) {
      return entitlementsFor(await readSubscription(deps.state, tenant.tenantId), settingsOf(deps));
    },

    async reportUsage(report, tenant) {
      if (!Number.isInteger(report.aiTokens) || report.aiTokens < 0)
        throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'aiTokens must be a non-negative whole number');
      const customer = await customerOf(deps.state, tenant.tenantId);
      // A tenant that never subscribed has nothing metered to bill.
      if (customer === null || report.aiTokens === 0) return;
      const settings = settingsOf(deps);
      await callStripe('reporting AI token usage', () =>
        deps.clients.for(settings).billing.meterEvents.create(
          {
            event_name: settings.meterEventName,
            identifier: report.idempotencyKey,
            timestamp: Math.floor(report.occurredAt.getTime() / 1000),
            payload: { stripe_customer_id: customer, value: String(report.aiTokens) },
          },
          { idempotencyKey: `mirai-usage-${report.idempotencyKey}` },
        ),
      );
    },

    async plans() {
      return [...settingsOf(deps).plans.values()].map((plan) => ({
        name: plan.name,
        seats: plan.seats,
        aiTokensPerMonth: plan.aiTokensPerMonth,
        purchasable: plan.priceId !== null,
      }));
    },

    async reconcile(tenant) {
      const customer = await customerOf(deps.state, tenant.tenantId);
      if (customer === null) return { changed: false };
      return { changed: await syncFromStripe(deps, tenant, deps.clients.for(settingsOf(deps)), customer) };
    },
  };
}
