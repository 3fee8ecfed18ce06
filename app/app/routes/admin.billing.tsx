import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';

import { PlanChoice } from '../components/admin/plan-choice';
import { SectionError } from '../components/admin/section-error';
import { StatusMessage } from '../components/admin/status-message';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { useFocusSubmissionResult } from '../lib/use-focus-first-error';

export const meta: MetaFunction = () => [{ title: 'Billing · Administration · Mirai' }];

const RETURNS: Record<string, string> = {
  done: 'Thank you. The new plan shows here as soon as the payment provider confirms it, usually within seconds; reload to check.',
  cancelled: 'Checkout was cancelled; nothing changed.',
};

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const billing = await requireApiData(await client.GET('/v1/billing'), 'billing');
  const returned = new URL(request.url).searchParams.get('checkout') ?? '';
  return { billing, returnNotice: RETURNS[returned] ?? null };
}

/** Sends the browser to the provider's checkout or customer portal; its pages link back here. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const client = await api(request);
  const here = new URL('/admin/billing', new URL(request.url).origin).toString();
  const response = await (textField(form, 'intent') === 'portal'
    ? client.POST('/v1/billing/portal', { body: { returnUrl: here } })
    : client.POST('/v1/billing/checkout', {
        body: { plan: textField(form, 'plan'), successUrl: `${here}?checkout=done`, cancelUrl: `${here}?checkout=cancelled` },
      }));
  if (response.data === undefined)
    return data(
      { ok: false, message: formErrorsFromProblem(response.error, 'The payment page could not be opened.').message },
      { status: response.response.status },
    );
  return redirect(response.data.url);
}

const numbers = new Intl.NumberFormat('en');
const ofLimit = (used: number, allowed: number | null) => `${numbers.format(used)} of ${allowed === null ? 'unlimited' : numbers.format(allowed)}`;

export default function AdminBilling() {
  const { billing, returnNotice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const pageRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  // A refused checkout or portal comes back here: move focus to the reason.
  useFocusSubmissionResult(pageRef, statusRef, result);
  const { entitlements, usage, usageReports } = billing;
  return (
    <>
      <h1 className="admin__title">Billing</h1>
      {returnNotice === null ? null : (
        <p className="notice" role="status" data-testid="checkout-return">
          {returnNotice}
        </p>
      )}
      <StatusMessage id="billing-status" ref={statusRef} result={result} />
      {entitlements === null ? (
        <section className="panel" aria-labelledby="billing-off-heading" data-testid="billing-disabled">
          <h2 id="billing-off-heading">No billing plugin</h2>
          <p>
            This organisation pays for nothing here: members and AI generation are limited only by the <Link to="/admin/usage">AI allowance</Link>.
            Billing through Stripe is set up by the server operator (plans, prices and keys are theirs, not the organisation's).
          </p>
        </section>
      ) : (
        <>
          <section className="panel" aria-labelledby="plan-heading" data-testid="billing-plan">
            <h2 id="plan-heading">
              Plan: {entitlements.plan} {entitlements.active ? null : <span className="tag">not active</span>}
            </h2>
            <dl className="facts">
              <div>
                <dt>Seats taken (members and pending invitations)</dt>
                <dd data-testid="billing-seats">{ofLimit(usage.seats.members + usage.seats.pendingInvitations, entitlements.seats)}</dd>
              </div>
              <div>
                <dt>AI tokens this month</dt>
                <dd data-testid="billing-tokens">{ofLimit(usage.aiTokens, entitlements.aiTokensPerMonth)}</dd>
              </div>
            </dl>
            {usageReports.failed + usageReports.pending > 0 && usageReports.lastError !== null ? (
              <p className="alert" data-testid="billing-usage-reports">
                {usageReports.failed > 0 ? `${usageReports.failed} usage report(s) were refused by ${billing.plugin ?? 'the provider'}; ` : ''}
                {usageReports.pending > 0 ? `${usageReports.pending} are waiting to be sent; ` : ''}
                last error: {usageReports.lastError}
              </p>
            ) : null}
            <Form method="post" className="billing-portal">
              <input type="hidden" name="intent" value="portal" />
              <button type="submit" className="button button--secondary" disabled={busy}>
                Manage payment details and invoices
              </button>
            </Form>
          </section>
          {billing.plans.length === 0 ? null : (
            <section className="panel" aria-labelledby="plans-heading">
              <h2 id="plans-heading">Change plan</h2>
              <PlanChoice plans={billing.plans} current={entitlements.plan} busy={busy} />
            </section>
          )}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <SectionError what="billing" retryTo="/admin/billing" />;
}
