import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { useRef } from 'react';

import { SectionError } from '../components/admin/section-error';
import { StatusMessage } from '../components/admin/status-message';
import { UsageByModel } from '../components/admin/usage-by-model';
import { UsageMeter } from '../components/admin/usage-meter';
import { TextField } from '../components/text-field';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { CHECK_FIELDS } from '../lib/auth-form.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { useFocusSubmissionResult } from '../lib/use-focus-first-error';
import type { loader as adminLoader } from './admin';

export const meta: MetaFunction = () => [{ title: 'AI usage · Administration · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  return { usage: await requireApiData(await client.GET('/v1/usage'), 'AI usage') };
}

interface CapResult {
  ok: boolean;
  message: string;
  fields: Record<string, string>;
  value: string;
}

/** Reads the allowance field: blank means no cap. */
function parseCap(raw: string): number | null | 'invalid' {
  const trimmed = raw.replaceAll(/[\s,_]/g, '');
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : 'invalid';
}

export async function action({ request }: ActionFunctionArgs) {
  const value = textField(await request.formData(), 'cap');
  const cap = parseCap(value);
  if (cap === 'invalid')
    return data<CapResult>(
      { ok: false, message: CHECK_FIELDS, fields: { cap: 'Enter a whole number of tokens, or leave it blank for no limit.' }, value },
      { status: 400 },
    );
  const client = await api(request);
  const response = await client.PATCH('/v1/tenant', { body: { aiMonthlyTokenCap: cap } });
  if (response.data === undefined) {
    const problem = formErrorsFromProblem(response.error, 'The allowance could not be changed.');
    const capError = problem.fields.aiMonthlyTokenCap;
    const fields: Record<string, string> = capError === undefined ? {} : { cap: capError };
    return data<CapResult>({ ok: false, message: problem.message, fields, value }, { status: response.response.status });
  }
  const saved = response.data.aiMonthlyTokenCap;
  return data<CapResult>({
    ok: true,
    message:
      saved === null
        ? 'The monthly allowance was removed: generation is not limited.'
        : `The monthly allowance is now ${saved.toLocaleString('en')} tokens.`,
    fields: {},
    value: '',
  });
}

export default function AdminUsage() {
  const { usage } = useLoaderData<typeof loader>();
  // The administration layout already asked who the caller is.
  const isOwner = useRouteLoaderData<typeof adminLoader>('routes/admin')?.role === 'owner';
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const failed = result !== undefined && !result.ok ? result : undefined;

  useFocusSubmissionResult(formRef, statusRef, result);

  return (
    <>
      <h1 className="admin__title">AI usage</h1>
      <section className="panel" aria-labelledby="usage-heading">
        <h2 id="usage-heading">This month</h2>
        <UsageMeter usage={usage} id="usage-meter" />
        <p className="meta">Counts every token sent to and received from AI models for outlines and lessons, including reasoning tokens.</p>
      </section>
      <section className="panel" aria-labelledby="models-heading">
        <h2 id="models-heading">By provider and model</h2>
        <UsageByModel models={usage.models} currency={usage.currency} cost={usage.cost} />
        <p className="meta">Costs come from the server operator’s price table; a model without a price shows none.</p>
      </section>
      <section className="panel" aria-labelledby="cap-heading">
        <h2 id="cap-heading">Monthly allowance</h2>
        <StatusMessage id="cap-status" ref={statusRef} result={result} />
        {isOwner ? (
          <Form method="post" ref={formRef} noValidate key={`${result?.ok === true ? result.message : 'cap'}:${usage.cap}`} className="cap-form">
            <TextField
              name="cap"
              label="Tokens per month"
              hint="When the month's usage reaches it, new generation is refused until the next month. Leave blank for no limit."
              defaultValue={failed?.value ?? (usage.cap === null ? '' : String(usage.cap))}
              error={failed?.fields.cap}
              required={false}
            />
            <button type="submit" className="button" disabled={saving}>
              {saving ? 'Saving…' : 'Save allowance'}
            </button>
          </Form>
        ) : (
          <p data-testid="cap-owner-only">
            {usage.cap === null ? 'No allowance is set.' : `The allowance is ${usage.cap.toLocaleString('en')} tokens a month.`} Only owners can
            change it.
          </p>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <SectionError what="AI usage" retryTo="/admin/usage" />;
}
