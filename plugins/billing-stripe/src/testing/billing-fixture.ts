import type { BillingProvider, JsonObject, TenantContext } from '@mirai/sdk-plugin';
import { createTestHost, type TestPlugin } from '@mirai/sdk-plugin/testing';
import plugin from '../index.ts';
import { FakeStripeServer } from './fake-stripe-server.ts';

export const SECRET_KEY = 'sk_test_mirai';
export const WEBHOOK_SECRET = 'whsec_test_mirai_signing_secret';

export const PLANS = {
  free: { seats: 2, aiTokensPerMonth: 1_000 },
  team: { seats: 10, aiTokensPerMonth: 100_000, priceId: 'price_team_monthly', meteredPriceId: 'price_ai_tokens' },
  business: { seats: 100, priceId: 'price_business_monthly', meteredPriceId: 'price_ai_tokens' },
};

export interface BillingFixture {
  stripe: FakeStripeServer;
  host: TestPlugin;
  billing: BillingProvider;
  tenant: TenantContext;
  /** The operator's settings the host was given. */
  operator: JsonObject;
  close(): Promise<void>;
}

/** The real plugin in the SDK's test host, its stripe client pointed at a local fake Stripe. */
export async function startBillingFixture(tenantId = '5b0e9c1e-1d7e-4c43-9f1f-6f1b0a0c0001'): Promise<BillingFixture> {
  const stripe = await FakeStripeServer.start(SECRET_KEY);
  const operator: JsonObject = {
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    apiBaseUrl: stripe.url,
    plans: PLANS,
    upgradeUrl: 'https://app.example/billing',
  };
  // The operator's settings; the fake Stripe listens on loopback, which only the operator's allow-list opens.
  const host = await createTestHost(plugin, { egressAllow: '127.0.0.1', instanceConfig: operator });
  return {
    stripe,
    host,
    billing: host.extension('billing'),
    operator,
    // Organisations have no billing settings of their own.
    tenant: host.tenant({}, tenantId),
    async close() {
      await host.stop();
      await stripe.close();
    },
  };
}
