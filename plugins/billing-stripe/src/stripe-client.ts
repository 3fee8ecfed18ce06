import { isPluginError, type PluginEgress, PluginError } from '@mirai/sdk-plugin';
import Stripe from 'stripe';
import type { BillingSettings } from './stripe-settings.ts';

/**
 * One stripe client per (secret key, API base): clients keep connections alive, and tenants
 * sharing a Stripe account share one. Requests time out rather than hang a webhook or a job.
 */
export class StripeClients {
  readonly #clients = new Map<string, Stripe>();
  readonly #egress: PluginEgress;

  /** `egress`: the host's guard, through which every Stripe request goes (the base URL is configurable). */
  constructor(egress: PluginEgress) {
    this.#egress = egress;
  }

  for(settings: Pick<BillingSettings, 'secretKey' | 'apiBaseUrl'>): Stripe {
    const base = settings.apiBaseUrl;
    const cacheKey = `${settings.secretKey}\u0000${base?.href ?? ''}`;
    let client = this.#clients.get(cacheKey);
    if (client === undefined) {
      const protocol = base?.protocol === 'http:' ? 'http' : 'https';
      client = new Stripe(settings.secretKey, {
        timeout: 20_000,
        // Retries are the caller's (webhooks are redelivered by Stripe, usage reports by core's outbox).
        maxNetworkRetries: 0,
        httpClient: Stripe.createNodeHttpClient(protocol === 'http' ? this.#egress.httpAgent : this.#egress.httpsAgent),
        ...(base === null ? {} : { host: base.hostname, port: base.port === '' ? (protocol === 'http' ? 80 : 443) : Number(base.port), protocol }),
      });
      this.#clients.set(cacheKey, client);
    }
    return client;
  }
}

interface StripeLikeError {
  type?: string;
  statusCode?: number;
  message: string;
}

function isStripeError(error: unknown): error is Error & StripeLikeError {
  return error instanceof Error && 'type' in error && typeof error.type === 'string' && error.type.startsWith('Stripe');
}

/** The egress guard's refusal, when Stripe's client wrapped one in a connection error. */
function egressRefusal(error: unknown): PluginError | null {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (isPluginError(current) && current.code === 'MIRAI_ERR_PLUGIN_EGRESS_REFUSED') return current;
    current = current.cause ?? Reflect.get(current, 'detail');
  }
  return null;
}

/** Maps a failed Stripe call onto the plugin contract; outages and rate limits are transient. */
export function toPluginError(error: unknown, doing: string): PluginError {
  const refusal = egressRefusal(error);
  if (refusal !== null) return refusal;
  if (!isStripeError(error)) return new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', `Stripe failed while ${doing}`, { cause: error, transient: true });
  const status = error.statusCode;
  const message = `Stripe failed while ${doing}: ${error.message}`;
  if (status === 429) return new PluginError('MIRAI_ERR_PLUGIN_RATE_LIMITED', message, { cause: error, transient: true });
  if (status === 401) return new PluginError('MIRAI_ERR_PLUGIN_UNAUTHORIZED', `${message} (check the secret key)`, { cause: error });
  if (status === 403) return new PluginError('MIRAI_ERR_PLUGIN_FORBIDDEN', message, { cause: error });
  if (status === 404) return new PluginError('MIRAI_ERR_PLUGIN_NOT_FOUND', message, { cause: error });
  if (status !== undefined && status >= 400 && status < 500 && status !== 409)
    return new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', message, { cause: error });
  return new PluginError('MIRAI_ERR_PLUGIN_UPSTREAM', message, { cause: error, transient: true });
}

/** Runs one Stripe call, mapping its failure. */
export async function callStripe<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toPluginError(error, doing);
  }
}
