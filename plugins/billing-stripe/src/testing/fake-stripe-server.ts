import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeStripeForm, type FormValue } from './form-decoding.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, FormValue>;
  idempotencyKey: string | undefined;
}

export interface FakeSubscription {
  id: string;
  customer: string;
  status: string;
  priceIds: string[];
  created: number;
  metadata?: Record<string, string>;
  cancelAtPeriodEnd?: boolean;
  currentPeriodEnd?: number;
}

interface Reply {
  status: number;
  body: unknown;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function stripeError(status: number, type: string, message: string, extra: Record<string, string> = {}): Reply {
  return { status, body: { error: { type, message, ...extra } } };
}

/** The JSON Stripe returns for a subscription, with the fields the plugin and the stripe types use. */
export function subscriptionJson(subscription: FakeSubscription): Record<string, unknown> {
  const periodEnd = subscription.currentPeriodEnd ?? subscription.created + 30 * 86_400;
  return {
    id: subscription.id,
    object: 'subscription',
    customer: subscription.customer,
    status: subscription.status,
    created: subscription.created,
    cancel_at_period_end: subscription.cancelAtPeriodEnd ?? false,
    metadata: subscription.metadata ?? {},
    livemode: false,
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${subscription.id}`,
      data: subscription.priceIds.map((price) => ({
        id: id('si'),
        object: 'subscription_item',
        price: { id: price, object: 'price' },
        quantity: 1,
        current_period_start: subscription.created,
        current_period_end: periodEnd,
      })),
    },
  };
}

/**
 * A local server speaking the Stripe API wire format for the calls billing-stripe makes:
 * bearer-key auth, form-encoded requests, JSON responses, Stripe's error shape, and
 * Idempotency-Key replays. Tests set Stripe's side of the world through its fields.
 */
export class FakeStripeServer {
  readonly requests: RecordedRequest[] = [];
  readonly customers = new Map<string, { id: string; email: string; metadata: Record<string, FormValue> }>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly meterEvents: Array<{ event_name: string; identifier: string; payload: Record<string, FormValue>; timestamp: number }> = [];
  /** Status codes the next requests fail with (500 api_error, 429 rate limit, ...), in order. */
  readonly failures: number[] = [];
  readonly #idempotent = new Map<string, Reply>();
  readonly #server: Server;
  readonly #secretKey: string;

  private constructor(secretKey: string) {
    this.#secretKey = secretKey;
    this.#server = createServer((request, response) => void this.#handle(request, response));
  }

  static async start(secretKey = 'sk_test_fake'): Promise<FakeStripeServer> {
    const fake = new FakeStripeServer(secretKey);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  putSubscription(subscription: FakeSubscription): void {
    this.subscriptions.set(subscription.id, subscription);
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://stripe.local');
    const method = request.method ?? 'GET';
    const body = Buffer.concat(chunks).toString('utf8');
    const params = decodeStripeForm(method === 'GET' ? url.search.slice(1) : body);
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    this.requests.push({ method, path: url.pathname, params, idempotencyKey });
    const send = (reply: Reply, replayed = false) => {
      response.writeHead(reply.status, {
        'content-type': 'application/json',
        'request-id': id('req'),
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
      response.end(JSON.stringify(reply.body));
    };
    if (request.headers.authorization !== `Bearer ${this.#secretKey}`)
      return send(stripeError(401, 'invalid_request_error', 'Invalid API Key provided'));
    if (method === 'POST' && request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') !== true)
      return send(stripeError(400, 'invalid_request_error', 'Requests must be form-encoded'));
    const failure = this.failures.shift();
    if (failure !== undefined)
      return send(
        failure === 429
          ? stripeError(429, 'invalid_request_error', 'Too many requests', { code: 'rate_limit' })
          : stripeError(failure, 'api_error', 'Something went wrong on Stripe’s end'),
      );
    const cacheKey = idempotencyKey === undefined ? undefined : `${method} ${url.pathname} ${idempotencyKey}`;
    const cached = cacheKey === undefined ? undefined : this.#idempotent.get(cacheKey);
    if (cached !== undefined) return send(cached, true);
    const reply = this.#route(method, url, params);
    if (cacheKey !== undefined && reply.status < 500) this.#idempotent.set(cacheKey, reply);
    send(reply);
  }

  #route(method: string, url: URL, params: Record<string, FormValue>): Reply {
    const path = url.pathname;
    if (method === 'POST' && path === '/v1/customers') return this.#createCustomer(params);
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.#createCheckout(params);
    if (method === 'POST' && path === '/v1/billing_portal/sessions') return this.#createPortal(params);
    if (method === 'POST' && path === '/v1/billing/meter_events') return this.#createMeterEvent(params);
    if (method === 'GET' && path === '/v1/subscriptions') return this.#listSubscriptions(params);
    const one = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (method === 'GET' && one?.[1] !== undefined) {
      const subscription = this.subscriptions.get(one[1]);
      return subscription === undefined
        ? stripeError(404, 'invalid_request_error', `No such subscription: '${one[1]}'`, { code: 'resource_missing', param: 'id' })
        : { status: 200, body: subscriptionJson(subscription) };
    }
    return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path})`);
  }

  #createCustomer(params: Record<string, FormValue>): Reply {
    const customer = { id: id('cus'), email: String(params.email ?? ''), metadata: (params.metadata as Record<string, FormValue>) ?? {} };
    this.customers.set(customer.id, customer);
    return { status: 200, body: { ...customer, object: 'customer', created: Math.floor(Date.now() / 1000), livemode: false } };
  }

  #createCheckout(params: Record<string, FormValue>): Reply {
    for (const required of ['mode', 'success_url', 'line_items'])
      if (params[required] === undefined)
        return stripeError(400, 'invalid_request_error', `Missing required param: ${required}.`, { param: required });
    const customer = String(params.customer ?? '');
    if (customer !== '' && !this.customers.has(customer))
      return stripeError(400, 'invalid_request_error', `No such customer: '${customer}'`, { code: 'resource_missing', param: 'customer' });
    const sessionId = id('cs_test');
    return {
      status: 200,
      body: {
        id: sessionId,
        object: 'checkout.session',
        mode: params.mode,
        customer,
        url: `https://checkout.stripe.test/c/pay/${sessionId}`,
        status: 'open',
      },
    };
  }

  #createPortal(params: Record<string, FormValue>): Reply {
    const customer = String(params.customer ?? '');
    if (!this.customers.has(customer))
      return stripeError(400, 'invalid_request_error', `No such customer: '${customer}'`, { code: 'resource_missing', param: 'customer' });
    const sessionId = id('bps');
    return {
      status: 200,
      body: {
        id: sessionId,
        object: 'billing_portal.session',
        customer,
        return_url: params.return_url,
        url: `https://billing.stripe.test/p/session/${sessionId}`,
      },
    };
  }

  #createMeterEvent(params: Record<string, FormValue>): Reply {
    const identifier = String(params.identifier ?? id('mev'));
    if (this.meterEvents.some((event) => event.identifier === identifier))
      return stripeError(400, 'invalid_request_error', `An event with identifier ${identifier} already exists`, { param: 'identifier' });
    const payload = (params.payload as Record<string, FormValue> | undefined) ?? {};
    if (typeof payload.stripe_customer_id !== 'string' || !this.customers.has(payload.stripe_customer_id))
      return stripeError(400, 'invalid_request_error', 'payload[stripe_customer_id] must name a customer', { param: 'payload[stripe_customer_id]' });
    const event = {
      event_name: String(params.event_name),
      identifier,
      payload,
      timestamp: Number(params.timestamp ?? Math.floor(Date.now() / 1000)),
    };
    this.meterEvents.push(event);
    return { status: 200, body: { object: 'billing.meter_event', created: Math.floor(Date.now() / 1000), livemode: false, ...event } };
  }

  #listSubscriptions(params: Record<string, FormValue>): Reply {
    const status = String(params.status ?? 'active');
    const matching = [...this.subscriptions.values()]
      .filter((subscription) => params.customer === undefined || subscription.customer === params.customer)
      .filter((subscription) => status === 'all' || subscription.status === status)
      .sort((a, b) => b.created - a.created)
      .slice(0, Number(params.limit ?? 10));
    return { status: 200, body: { object: 'list', url: '/v1/subscriptions', has_more: false, data: matching.map(subscriptionJson) } };
  }
}
