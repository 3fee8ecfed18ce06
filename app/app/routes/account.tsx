import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import { FormAlert } from '../components/form-alert';
import { TextField } from '../components/text-field';
import { api } from '../lib/api.server';
import { CHECK_FIELDS, formFailure } from '../lib/auth-form.server';
import { selfServiceProvider } from '../lib/auth-provider.server';
import { looksLikeEmail, textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { useFocusFirstError } from '../lib/use-focus-first-error';

export const meta: MetaFunction = () => [{ title: 'Your account · Mirai' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await (await api(request)).GET('/v1/me');
  // A session provider (Kratos) changes addresses in its own settings pages.
  return { email: me.data?.user.email ?? '', ownFlows: (await selfServiceProvider()) === null };
}

export async function action({ request }: ActionFunctionArgs) {
  const client = await api(request);
  const form = await request.formData();
  const email = textField(form, 'email').trim();
  const password = textField(form, 'password');
  const fields: Record<string, string> = {};
  if (!looksLikeEmail(email)) fields.email = 'Enter the new email address.';
  if (password === '') fields.password = 'Enter your current password.';
  if (Object.keys(fields).length > 0) return formFailure({ message: CHECK_FIELDS, fields }, { email }, 400);
  const result = await client.POST('/v1/auth/email-change', { body: { email, password } });
  if (result.response.status === 202) return { requested: email };
  return formFailure(formErrorsFromProblem(result.error, 'The change could not be requested.'), { email }, result.response.status);
}

export default function Account() {
  const { email, ownFlows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const errors = actionData !== undefined && 'errors' in actionData ? actionData.errors : undefined;
  useFocusFirstError(formRef, alertRef, errors);
  return (
    <section className="panel panel--narrow" aria-labelledby="account-heading">
      <h1 id="account-heading">Your account</h1>
      <p>
        You sign in as <strong>{email}</strong>.
      </p>
      {!ownFlows ? (
        <p>Your identity provider manages your address and password.</p>
      ) : actionData !== undefined && 'requested' in actionData ? (
        <p role="status">
          We sent a link to {actionData.requested}. Your address changes once you open it; {email} was told about the request.
        </p>
      ) : (
        <>
          <h2>Change your e-mail address</h2>
          <FormAlert id="account-error" ref={alertRef} message={errors?.message} />
          <Form method="post" ref={formRef} noValidate aria-describedby={errors === undefined ? undefined : 'account-error'}>
            <TextField
              name="email"
              label="New email"
              type="email"
              autoComplete="email"
              defaultValue={actionData !== undefined && 'values' in actionData ? actionData.values.email : undefined}
              error={errors?.fields.email}
            />
            <TextField name="password" label="Current password" type="password" autoComplete="current-password" error={errors?.fields.password} />
            <button type="submit" className="button" disabled={submitting}>
              {submitting ? 'Sending…' : 'Send a confirmation link'}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
