import { createHmac, randomBytes } from 'node:crypto';

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/** An event envelope as Stripe posts it. */
export function stripeEvent(type: string, object: Record<string, unknown>, created = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  return {
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/** Signs a body the way Stripe does: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signWebhook(secret: string, event: Record<string, unknown>, timestamp = Math.floor(Date.now() / 1000)): SignedWebhook {
  const body = JSON.stringify(event, null, 2);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return { body, headers: { 'stripe-signature': `t=${timestamp},v1=${signature}`, 'content-type': 'application/json' } };
}
