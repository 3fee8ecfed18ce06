import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import { createApiClient } from '../api/client.server';
import { FormAlert } from '../components/form-alert';
import { TextField } from '../components/text-field';
import { CHECK_FIELDS, formFailure } from '../lib/auth-form.server';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { useFocusFirstError } from '../lib/use-focus-first-error';

export const meta: MetaFunction = () => [{ title: 'Choose a new password · Mirai' }];

/** The link target of the reset mail; the token is spent only when the form is sent. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = textField(form, 'token');
  const password = textField(form, 'password');
  if (password.length < 10) return formFailure({ message: CHECK_FIELDS, fields: { password: 'Use at least 10 characters.' } }, {}, 400);
  if (password !== textField(form, 'confirm'))
    return formFailure({ message: CHECK_FIELDS, fields: { confirm: 'Type the same password twice.' } }, {}, 400);
  const result = await createApiClient(undefined, request).POST('/v1/auth/password-reset/complete', { body: { token, password } });
  if (result.response.status === 204) return { done: true as const };
  return formFailure(formErrorsFromProblem(result.error, 'The password could not be changed.'), {}, result.response.status);
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const errors = actionData !== undefined && 'errors' in actionData ? actionData.errors : undefined;
  useFocusFirstError(formRef, alertRef, errors);
  if (actionData !== undefined && 'done' in actionData)
    return (
      <section className="panel panel--narrow" aria-labelledby="reset-heading">
        <h1 id="reset-heading">Password changed</h1>
        <p role="status">Your password is changed and every session of your account has ended.</p>
        <p>
          <Link to="/sign-in" className="button">
            Sign in
          </Link>
        </p>
      </section>
    );
  return (
    <section className="panel panel--narrow" aria-labelledby="reset-heading">
      <h1 id="reset-heading">Choose a new password</h1>
      {token === '' ? (
        <p>
          Open the link in the mail we sent you, or <Link to="/forgot-password">ask for a new one</Link>.
        </p>
      ) : (
        <>
          <FormAlert id="reset-error" ref={alertRef} message={errors?.message} />
          <Form method="post" ref={formRef} noValidate aria-describedby={errors === undefined ? undefined : 'reset-error'}>
            <input type="hidden" name="token" value={token} />
            <TextField
              name="password"
              label="New password"
              type="password"
              autoComplete="new-password"
              minLength={10}
              hint="At least 10 characters."
              error={errors?.fields.password}
            />
            <TextField name="confirm" label="New password again" type="password" autoComplete="new-password" error={errors?.fields.confirm} />
            <button type="submit" className="button" disabled={submitting}>
              {submitting ? 'Saving…' : 'Save the new password'}
            </button>
          </Form>
          <p>
            Link not working? <Link to="/forgot-password">Ask for a new one</Link>.
          </p>
        </>
      )}
    </section>
  );
}
