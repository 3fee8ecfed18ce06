import type { Entitlements, JsonObject, PluginStateStore } from '@mirai/sdk-plugin';
import type Stripe from 'stripe';
import type { BillingSettings, Plan } from './stripe-settings.ts';

/** What the plugin keeps of a tenant's subscription: enough to answer entitlements without calling Stripe. */
export interface StoredSubscription {
  id: string;
  customerId: string;
  status: Stripe.Subscription.Status;
  plan: string | null;
  priceIds: string[];
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: number | null;
}

/** Statuses in which the subscribed plan applies; past_due keeps it while Stripe retries payment. */
const LIVE_STATUSES: ReadonlySet<string> = new Set(['active', 'trialing', 'past_due']);

export const stateKeys = {
  customer: (tenantId: string) => `tenant:${tenantId}:customer`,
  subscription: (tenantId: string) => `tenant:${tenantId}:subscription`,
  event: (eventId: string) => `event:${eventId}`,
};

function planOf(subscription: Stripe.Subscription, settings: BillingSettings): string | null {
  const prices = subscription.items.data.map((item) => item.price.id);
  for (const plan of settings.plans.values()) if (plan.priceId !== null && prices.includes(plan.priceId)) return plan.name;
  const named = subscription.metadata.mirai_plan;
  return named !== undefined && settings.plans.has(named) ? named : null;
}

export function toStoredSubscription(subscription: Stripe.Subscription, settings: BillingSettings): StoredSubscription {
  const ends = subscription.items.data.map((item) => item.current_period_end).filter((end) => typeof end === 'number');
  return {
    id: subscription.id,
    customerId: typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
    status: subscription.status,
    plan: planOf(subscription, settings),
    priceIds: subscription.items.data.map((item) => item.price.id).sort(),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    currentPeriodEnd: ends.length === 0 ? null : Math.max(...ends),
  };
}

export function sameSubscription(a: StoredSubscription | null, b: StoredSubscription | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function readSubscription(state: PluginStateStore, tenantId: string): Promise<StoredSubscription | null> {
  const value = await state.get(stateKeys.subscription(tenantId));
  return value === null ? null : (value as unknown as StoredSubscription);
}

export async function writeSubscription(state: PluginStateStore, tenantId: string, subscription: StoredSubscription | null): Promise<void> {
  if (subscription === null) await state.delete(stateKeys.subscription(tenantId));
  else await state.set(stateKeys.subscription(tenantId), subscription as unknown as JsonObject);
}

/** The plan in force: the subscribed one while the subscription is live, else the default plan. */
export function entitlementsFor(subscription: StoredSubscription | null, settings: BillingSettings): Entitlements {
  const live = subscription !== null && LIVE_STATUSES.has(subscription.status);
  const plan: Plan = (live && subscription.plan !== null ? settings.plans.get(subscription.plan) : undefined) ?? settings.defaultPlan;
  return {
    plan: plan.name,
    active: live || plan === settings.defaultPlan,
    seats: plan.seats,
    aiTokensPerMonth: plan.aiTokensPerMonth,
    ...(settings.upgradeUrl === null ? {} : { upgradeUrl: settings.upgradeUrl }),
  };
}

/** Of a customer's subscriptions, the one that decides the plan: a live one, else the newest. */
export function currentSubscription(subscriptions: readonly Stripe.Subscription[]): Stripe.Subscription | null {
  const newestFirst = [...subscriptions].sort((a, b) => b.created - a.created);
  return newestFirst.find((subscription) => LIVE_STATUSES.has(subscription.status)) ?? newestFirst[0] ?? null;
}
