import { Form } from '@remix-run/react';

export interface PlanOffer {
  name: string;
  seats: number | null;
  aiTokensPerMonth: number | null;
  purchasable: boolean;
}

const numbers = new Intl.NumberFormat('en');
const limit = (value: number | null, unit: string) => (value === null ? `unlimited ${unit}` : `${numbers.format(value)} ${unit}`);

/**
 * The plans the billing plugin offers, as radio buttons: the current plan and plans without a
 * price (nothing to pay for) cannot be chosen. Choosing one goes to the provider's payment page.
 */
export function PlanChoice({ plans, current, busy }: { plans: PlanOffer[]; current: string; busy: boolean }) {
  const choosable = plans.filter((plan) => plan.purchasable && plan.name !== current);
  return (
    <Form method="post" className="plan-choice">
      <input type="hidden" name="intent" value="checkout" />
      <fieldset>
        <legend>Plans</legend>
        {plans.map((plan) => {
          const disabled = !plan.purchasable || plan.name === current;
          return (
            <label key={plan.name} className="plan-choice__option" data-plan={plan.name}>
              <input type="radio" name="plan" value={plan.name} disabled={disabled} defaultChecked={plan.name === choosable[0]?.name} />
              <span>
                <strong>{plan.name}</strong>
                {plan.name === current ? ' (current plan)' : plan.purchasable ? '' : ' (no payment needed)'}: {limit(plan.seats, 'seats')},{' '}
                {limit(plan.aiTokensPerMonth, 'AI tokens a month')}
              </span>
            </label>
          );
        })}
      </fieldset>
      <button type="submit" className="button" disabled={busy || choosable.length === 0}>
        {busy ? 'Opening the payment page…' : 'Continue to payment'}
      </button>
    </Form>
  );
}
