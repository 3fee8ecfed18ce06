import { definePlugin } from '@mirai/sdk-plugin';
import { createStripeBillingProvider } from './billing-provider.ts';
import { StripeClients } from './stripe-client.ts';
import { configSchema } from './stripe-settings.ts';
import { webhookRoute } from './webhook-route.ts';

export { createStripeBillingProvider } from './billing-provider.ts';
export { type BillingSettings, configSchema, DEFAULT_PLANS, type Plan, parseBillingConfig } from './stripe-settings.ts';
export { entitlementsFor, type StoredSubscription } from './subscription-state.ts';

export default definePlugin({
  name: 'billing-stripe',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['billing'],
  // No per-organisation settings: the organisation being billed must not choose its plans, prices or Stripe account.
  instanceConfigSchema: configSchema,
  register(context) {
    const clients = new StripeClients(context.egress);
    context.provide('billing', createStripeBillingProvider({ state: context.state, clients, operator: context.instanceConfig }));
    context.http.route(webhookRoute(context, clients));
  },
});
