import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import { createApiClient } from '../api/client.server';
import { FormAlert } from '../components/form-alert';
import { TextField } from '../components/text-field';
import { CHECK_FIELDS, formFailure } from '../lib/auth-form.server';
import { looksLikeEmail, textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { useFocusFirstError } from '../lib/use-focus-first-error';

export const meta: MetaFunction = () => [{ title: 'Forgot your password · Mirai' }];

/** Asks for a reset link. The API answers alike whether or not the address has an account, and so does this page. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = textField(form, 'email').trim();
  if (!looksLikeEmail(email))
    return formFailure({ message: CHECK_FIELDS, fields: { email: 'Enter the email address you signed up with.' } }, { email }, 400);
  const result = await createApiClient(undefined, request).POST('/v1/auth/password-reset', { body: { email } });
  if (result.response.status === 202) return { sent: email };
  return formFailure(formErrorsFromProblem(result.error, 'The link could not be sent.'), { email }, result.response.status);
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const errors = actionData !== undefined && 'errors' in actionData ? actionData.errors : undefined;
  useFocusFirstError(formRef, alertRef, errors);
  return (
    <section className="panel panel--narrow" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">Forgot your password?</h1>
      {actionData !== undefined && 'sent' in actionData ? (
        <p role="status">If an account uses {actionData.sent}, we sent it a link to choose a new password. The link works once, for an hour.</p>
      ) : (
        <>
          <FormAlert id="forgot-error" ref={alertRef} message={errors?.message} />
          <Form method="post" ref={formRef} noValidate aria-describedby={errors === undefined ? undefined : 'forgot-error'}>
            <TextField
              name="email"
              label="Email"
              type="email"
              autoComplete="email"
              defaultValue={actionData !== undefined && 'values' in actionData ? actionData.values.email : undefined}
              error={errors?.fields.email}
            />
            <button type="submit" className="button" disabled={submitting}>
              {submitting ? 'Sending…' : 'Mail me a reset link'}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
