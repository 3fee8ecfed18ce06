import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MANAGER_ROLES } from '../identity/roles.ts';
import { BillingView, CheckoutBody, PortalBody, RedirectView } from './billing.schemas.ts';
import type { BillingService } from './billing.service.ts';

export async function billingRoutes(app: TypedApp, options: { billing: BillingService }): Promise<void> {
  const { billing } = options;
  const manage = requireAuth(...MANAGER_ROLES);
  const tags = ['billing'];

  app.get(
    '/v1/billing',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "The organisation's plan, what it allows and what is used",
        response: { 200: BillingView, ...problems(401, 403, 502) },
      },
    },
    async (request) => billing.overview(request.em, authOf(request).tenantId),
  );

  app.post(
    '/v1/billing/checkout',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Start subscribing to a plan: returns the payment page (e.g. Stripe Checkout) to redirect to',
        body: CheckoutBody,
        response: { 200: RedirectView, ...problems(400, 401, 403, 409, 502) },
      },
    },
    async (request) => billing.checkout(request.em, authOf(request), request.body),
  );

  app.post(
    '/v1/billing/portal',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Manage the subscription: returns the billing portal (e.g. Stripe Customer Portal) to redirect to',
        body: PortalBody,
        response: { 200: RedirectView, ...problems(400, 401, 403, 409, 502) },
      },
    },
    async (request) => billing.portal(request.em, authOf(request), request.body),
  );
}
