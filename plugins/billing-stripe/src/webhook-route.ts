import { isPluginError, type PluginContext, type PluginHttpResponse, type PluginRoute } from '@mirai/sdk-plugin';
import type Stripe from 'stripe';
import { callStripe, type StripeClients } from './stripe-client.ts';
import { parseBillingConfig } from './stripe-settings.ts';
import { currentSubscription, stateKeys, toStoredSubscription, writeSubscription } from './subscription-state.ts';

/** How far in the future a signature's timestamp may be (clock skew); Stripe's library only bounds the past. */
export const WEBHOOK_FUTURE_SKEW_SECONDS = 300;

/** The `t=` of a Stripe-Signature header, or null. */
function signedAt(header: string): number | null {
  const value = /(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(header)?.[1];
  return value === undefined ? null : Number(value);
}

const json = (status: number, body: Record<string, unknown>): PluginHttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The customer an event is about, and whether the event may introduce that customer to the tenant. */
function customerOfEvent(event: Stripe.Event, tenantId: string): { customerId: string; adopt: boolean } | null {
  const object = event.data.object as { object?: string; customer?: unknown; client_reference_id?: unknown };
  const customer = typeof object.customer === 'string' ? object.customer : (object.customer as { id?: string } | null)?.id;
  if (customer === undefined) return null;
  if (event.type.startsWith('customer.subscription.') || event.type.startsWith('invoice.')) return { customerId: customer, adopt: false };
  // Checkout names the tenant it was started for; only it may link a customer created outside our checkout.
  if (event.type === 'checkout.session.completed') return { customerId: customer, adopt: object.client_reference_id === tenantId };
  return null;
}

/**
 * `POST <baseUrl>/webhook/<tenantId>`: Stripe's events for one tenant, signed with that tenant's
 * webhook secret. The event id is stored in the same transaction as the state it changes, so a
 * redelivered or replayed event changes nothing; the state itself is re-read from Stripe rather
 * than taken from the payload, so events arriving out of order still end at Stripe's current state.
 */
export function webhookRoute(context: PluginContext, clients: StripeClients): PluginRoute {
  return {
    method: 'POST',
    path: '/webhook/*',
    bodyLimit: 512 * 1024,
    async handler(request) {
      const tenantId = request.path.slice('/webhook/'.length);
      const tenant = tenantId === '' ? null : await context.tenantContext(tenantId);
      if (tenant === null) return json(404, { error: 'No organisation with Stripe billing enabled at this address' });
      const settings = parseBillingConfig(context.instanceConfig);
      const stripe = clients.for(settings);
      const signature = request.headers['stripe-signature'];
      if (signature === undefined) return json(400, { error: 'Missing Stripe-Signature header' });
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(Buffer.from(request.rawBody), signature, settings.webhookSecret, settings.webhookToleranceSeconds);
      } catch (error) {
        return json(400, { error: `Signature verification failed: ${error instanceof Error ? error.message : String(error)}` });
      }
      const timestamp = signedAt(signature);
      if (timestamp === null || timestamp > Date.now() / 1000 + WEBHOOK_FUTURE_SKEW_SECONDS)
        return json(400, { error: 'Signature verification failed: the timestamp is in the future beyond the allowed clock skew' });
      const eventKey = stateKeys.event(event.id);
      if ((await context.state.get(eventKey)) !== null) return json(200, { received: true, duplicate: true });

      const subject = customerOfEvent(event, tenantId);
      const knownCustomer = await context.state.get(stateKeys.customer(tenantId));
      const relevant = subject !== null && (subject.customerId === knownCustomer || (knownCustomer === null && subject.adopt));
      if (subject !== null && !relevant)
        context.logger.warn('Stripe event for a customer that is not this organisation’s; recorded and ignored', { eventId: event.id, tenantId });
      try {
        const current =
          relevant && subject !== null
            ? currentSubscription(
                (
                  await callStripe('re-reading subscriptions', () =>
                    stripe.subscriptions.list({ customer: subject.customerId, status: 'all', limit: 20 }),
                  )
                ).data,
              )
            : undefined;
        const applied = await context.state.transaction(async (tx) => {
          try {
            await tx.set(eventKey, { type: event.type, created: event.created, receivedAt: new Date().toISOString() }, { ifAbsent: true });
          } catch (error) {
            if (isPluginError(error) && error.code === 'MIRAI_ERR_PLUGIN_CONFLICT') return false;
            throw error;
          }
          if (current === undefined || subject === null) return true;
          if (knownCustomer === null) await tx.set(stateKeys.customer(tenantId), subject.customerId);
          await writeSubscription(tx, tenantId, current === null ? null : toStoredSubscription(current, settings));
          return true;
        });
        return json(200, applied ? { received: true } : { received: true, duplicate: true });
      } catch (error) {
        // Not stored: Stripe redelivers, and the retry starts from scratch.
        context.logger.error('Stripe webhook could not be applied', { eventId: event.id, tenantId, error: String(error) });
        return json(503, { error: 'The event could not be applied now; Stripe will retry' });
      }
    },
  };
}
