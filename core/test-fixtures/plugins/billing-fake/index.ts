import { definePlugin, type Entitlements, type JsonObject, PluginError } from '@mirai/sdk-plugin';

/**
 * A billing provider for core's entitlement tests. The provider's "remote" plan is tenant
 * configuration (`remote`); what the plugin believes locally lives in its state until `reconcile`
 * copies the remote plan over (the drift a lost webhook leaves). Usage reports are stored by
 * idempotency key; `failReports` makes that many reports fail first (transiently), and
 * `rejectReportsOver` rejects reports of more tokens than that for good (as Stripe rejects a bad event).
 */
function plan(value: unknown): Entitlements {
  const raw = (value ?? {}) as JsonObject;
  return {
    plan: typeof raw.plan === 'string' ? raw.plan : 'free',
    active: raw.active !== false,
    seats: typeof raw.seats === 'number' ? raw.seats : null,
    aiTokensPerMonth: typeof raw.aiTokensPerMonth === 'number' ? raw.aiTokensPerMonth : null,
    ...(typeof raw.upgradeUrl === 'string' ? { upgradeUrl: raw.upgradeUrl } : {}),
  };
}

export default definePlugin({
  name: 'billing-fake',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['billing'],
  configSchema: {
    type: 'object',
    additionalProperties: true,
    properties: { remote: { type: 'object' }, failReports: { type: 'integer' }, rejectReportsOver: { type: 'integer' }, plans: { type: 'array' } },
  },
  register(context) {
    const local = (tenantId: string) => `local:${tenantId}`;
    context.provide('billing', {
      async createCheckout(input, tenant) {
        return { url: `https://pay.example/checkout?plan=${input.plan}&tenant=${tenant.tenantId}&email=${encodeURIComponent(input.customerEmail)}` };
      },
      async createPortalSession(input) {
        return { url: `https://pay.example/portal?return=${encodeURIComponent(input.returnUrl)}` };
      },
      async entitlements(tenant) {
        return plan((await context.state.get(local(tenant.tenantId))) ?? tenant.config.remote);
      },
      async reportUsage(report, tenant) {
        const limit = tenant.config.rejectReportsOver;
        if (typeof limit === 'number' && report.aiTokens > limit)
          throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `the meter refuses ${report.aiTokens} tokens in one event`);
        const failures = Number((await context.state.get(`failures:${tenant.tenantId}`)) ?? 0);
        if (failures < Number(tenant.config.failReports ?? 0)) {
          await context.state.set(`failures:${tenant.tenantId}`, failures + 1);
          throw new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', 'the billing service is down', { transient: true });
        }
        const key = `usage:${tenant.tenantId}:${report.idempotencyKey}`;
        await context.state.set(key, report.aiTokens);
      },
      async plans(tenant) {
        const offers = tenant.config.plans;
        if (!Array.isArray(offers)) return [];
        return offers.flatMap((offer) =>
          offer !== null && typeof offer === 'object' && !Array.isArray(offer) && typeof offer.name === 'string'
            ? [
                {
                  name: offer.name,
                  seats: typeof offer.seats === 'number' ? offer.seats : null,
                  aiTokensPerMonth: typeof offer.aiTokensPerMonth === 'number' ? offer.aiTokensPerMonth : null,
                  purchasable: offer.purchasable === true,
                },
              ]
            : [],
        );
      },
      async reconcile(tenant) {
        await context.state.set(`reconciled:${tenant.tenantId}:${Date.now()}`, true);
        const stored = await context.state.get(local(tenant.tenantId));
        const remote = (tenant.config.remote ?? null) as JsonObject | null;
        if (JSON.stringify(stored) === JSON.stringify(remote)) return { changed: false };
        await context.state.set(local(tenant.tenantId), remote);
        return { changed: true };
      },
    });
  },
});
