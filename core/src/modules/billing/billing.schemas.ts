import { Type } from 'typebox';

const HttpUrl = (description: string) => Type.String({ pattern: '^https?://', maxLength: 2000, description });

export const EntitlementsView = Type.Object(
  {
    plan: Type.String(),
    active: Type.Boolean(),
    seats: Type.Union([Type.Null(), Type.Integer()], { description: 'Members allowed; null: unlimited' }),
    aiTokensPerMonth: Type.Union([Type.Null(), Type.Integer()], { description: 'AI tokens per calendar month; null: unlimited' }),
    upgradeUrl: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const PlanOfferView = Type.Object(
  {
    name: Type.String(),
    seats: Type.Union([Type.Null(), Type.Integer()], { description: 'Members allowed; null: unlimited' }),
    aiTokensPerMonth: Type.Union([Type.Null(), Type.Integer()], { description: 'AI tokens per calendar month; null: unlimited' }),
    purchasable: Type.Boolean({ description: 'Whether POST /v1/billing/checkout can subscribe to it' }),
  },
  { additionalProperties: false },
);

export const BillingView = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether a billing plugin is enabled; without one nothing is limited' }),
    plugin: Type.Union([Type.Null(), Type.String()]),
    entitlements: Type.Union([Type.Null(), EntitlementsView]),
    plans: Type.Array(PlanOfferView, { description: 'The plans the billing plugin offers (empty without one)' }),
    usage: Type.Object({
      month: Type.String({ description: 'YYYY-MM' }),
      aiTokens: Type.Integer(),
      seats: Type.Object({ members: Type.Integer(), pendingInvitations: Type.Integer() }),
    }),
    usageReports: Type.Object(
      {
        pending: Type.Integer({ description: 'Waiting to be sent, or retried with back-off after a failure' }),
        failed: Type.Integer({ description: 'Rejected by the billing provider; kept, never sent again' }),
        lastError: Type.Union([Type.Null(), Type.String()], { description: 'Why the newest unsent report was not delivered' }),
      },
      { description: "AI usage on its way to the billing provider's metered billing" },
    ),
  },
  { additionalProperties: false },
);

export const CheckoutBody = Type.Object(
  {
    plan: Type.String({ minLength: 1, maxLength: 100, description: 'A plan name from the billing plugin configuration, e.g. team' }),
    successUrl: HttpUrl('Where the browser returns after paying'),
    cancelUrl: HttpUrl('Where the browser returns when the customer gives up'),
  },
  { additionalProperties: false },
);

export const PortalBody = Type.Object({ returnUrl: HttpUrl('Where the portal links back to') }, { additionalProperties: false });

export const RedirectView = Type.Object({ url: Type.String({ description: 'Send the browser here' }) });
