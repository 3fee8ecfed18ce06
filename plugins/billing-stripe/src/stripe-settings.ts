import { type JsonObject, type JsonSchema, type JsonValue, PluginError } from '@mirai/sdk-plugin';

/** What one plan allows; an omitted limit is unlimited. */
export interface Plan {
  name: string;
  seats: number | null;
  aiTokensPerMonth: number | null;
  /** The recurring (licensed) Stripe price a Checkout Session subscribes to; none for a free plan. */
  priceId: string | null;
  /** The metered Stripe price (backed by a Billing Meter) added to the subscription for AI tokens. */
  meteredPriceId: string | null;
}

/** A tenant's billing settings, checked and with defaults applied. */
export interface BillingSettings {
  secretKey: string;
  webhookSecret: string;
  /** Where the stripe client sends requests; Stripe's own API unless overridden (tests, proxies). */
  apiBaseUrl: URL | null;
  plans: ReadonlyMap<string, Plan>;
  /** The plan of a tenant without a live subscription. */
  defaultPlan: Plan;
  meterEventName: string;
  upgradeUrl: string | null;
  /** How old a webhook's signature timestamp may be, in seconds. */
  webhookToleranceSeconds: number;
}

export const DEFAULT_PLANS: Record<string, { seats?: number; aiTokensPerMonth?: number }> = {
  free: { seats: 3, aiTokensPerMonth: 200_000 },
  team: { seats: 25, aiTokensPerMonth: 5_000_000 },
  business: { seats: 250, aiTokensPerMonth: 50_000_000 },
};

const planSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seats: { type: 'integer', minimum: 1, description: 'Members allowed; omit for unlimited.' },
    aiTokensPerMonth: { type: 'integer', minimum: 0, description: 'AI tokens per calendar month; omit for unlimited.' },
    priceId: { type: 'string', pattern: '^price_', description: 'Recurring Stripe price of the plan.' },
    meteredPriceId: { type: 'string', pattern: '^price_', description: 'Metered Stripe price for AI tokens (Billing Meter).' },
  },
};

export const configSchema: JsonSchema = {
  type: 'object',
  title: 'Stripe billing',
  description: 'Subscriptions through Stripe Checkout and the Customer Portal, with AI tokens reported as metered usage.',
  required: ['secretKey', 'webhookSecret'],
  additionalProperties: false,
  properties: {
    secretKey: { type: 'string', title: 'Secret API key', pattern: '^(sk|rk)_', writeOnly: true },
    webhookSecret: { type: 'string', title: 'Webhook signing secret', pattern: '^whsec_', writeOnly: true },
    apiBaseUrl: {
      type: 'string',
      title: 'API base URL',
      description: 'Override of https://api.stripe.com (a proxy, or a local Stripe-compatible server in tests).',
      format: 'uri',
      pattern: '^https?://',
    },
    plans: {
      type: 'object',
      title: 'Plans',
      description: 'Plan name → limits and Stripe prices. Defaults: free, team, business (without prices).',
      additionalProperties: planSchema,
      minProperties: 1,
    },
    defaultPlan: { type: 'string', title: 'Plan without a subscription', default: 'free', minLength: 1 },
    meterEventName: { type: 'string', title: 'Billing Meter event name', default: 'mirai_ai_tokens', pattern: '^[a-z0-9_]+$' },
    // A link shown to people, never called by the server: not an endpoint that secrets are bound to.
    upgradeUrl: { type: 'string', title: 'Upgrade page', description: 'Shown with entitlement errors.', format: 'uri', 'x-mirai-endpoint': false },
    webhookToleranceSeconds: { type: 'integer', title: 'Webhook timestamp tolerance (s)', default: 300, minimum: 1, maximum: 3600 },
  },
};

const bad = (message: string): never => {
  throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `billing-stripe is misconfigured: ${message}`);
};

function string(config: JsonObject, name: string): string | null {
  const value = config[name];
  if (value === undefined || value === null) return null;
  return typeof value === 'string' && value.length > 0 ? value : bad(`"${name}" must be a non-empty string`);
}

function limit(raw: JsonObject, plan: string, name: string): number | null {
  const value = raw[name];
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : bad(`plans.${plan}.${name} must be a whole number`);
}

function parsePlan(name: string, raw: JsonValue | undefined): Plan {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return bad(`plans.${name} must be an object`);
  return {
    name,
    seats: limit(raw, name, 'seats'),
    aiTokensPerMonth: limit(raw, name, 'aiTokensPerMonth'),
    priceId: string(raw, 'priceId'),
    meteredPriceId: string(raw, 'meteredPriceId'),
  };
}

export function parseBillingConfig(config: JsonObject): BillingSettings {
  const rawPlans = config.plans ?? (DEFAULT_PLANS as JsonObject);
  if (rawPlans === null || typeof rawPlans !== 'object' || Array.isArray(rawPlans)) return bad('"plans" must be an object');
  const plans = new Map(Object.entries(rawPlans).map(([name, raw]) => [name, parsePlan(name, raw)]));
  const defaultName = string(config, 'defaultPlan') ?? 'free';
  const defaultPlan = plans.get(defaultName) ?? bad(`defaultPlan "${defaultName}" is not one of the plans`);
  const base = string(config, 'apiBaseUrl');
  const tolerance = config.webhookToleranceSeconds;
  return {
    secretKey: string(config, 'secretKey') ?? bad('"secretKey" is required'),
    webhookSecret: string(config, 'webhookSecret') ?? bad('"webhookSecret" is required'),
    apiBaseUrl: base === null ? null : new URL(base),
    plans,
    defaultPlan,
    meterEventName: string(config, 'meterEventName') ?? 'mirai_ai_tokens',
    upgradeUrl: string(config, 'upgradeUrl'),
    webhookToleranceSeconds: typeof tolerance === 'number' ? tolerance : 300,
  };
}
