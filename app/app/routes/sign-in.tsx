import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import { createApiClient } from '../api/client.server';
import { FormAlert } from '../components/form-alert';
import { TextField } from '../components/text-field';
import { CHECK_FIELDS, formFailure } from '../lib/auth-form.server';
import { flowUrl, selfServiceProvider } from '../lib/auth-provider.server';
import { looksLikeEmail, textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { getToken, signInAndRedirect } from '../lib/session.server';
import { useFocusFirstError } from '../lib/use-focus-first-error';

export const meta: MetaFunction = () => [{ title: 'Sign in · Mirai' }];

/** With a session provider (e.g. Kratos) the login page is the provider's; it sends the user back to the dashboard. */
async function redirectToProvider(request: Request): Promise<void> {
  const provider = await selfServiceProvider();
  if (provider !== null) throw redirect(flowUrl(provider.selfService.login, request, '/dashboard'));
}

export async function loader({ request }: LoaderFunctionArgs) {
  await redirectToProvider(request);
  if ((await getToken(request)) !== undefined) throw redirect('/dashboard');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await redirectToProvider(request);
  const form = await request.formData();
  const email = textField(form, 'email').trim();
  const password = textField(form, 'password');
  const values = { email };

  const fields: Record<string, string> = {};
  if (!looksLikeEmail(email)) fields.email = 'Enter the email address you signed up with.';
  if (password === '') fields.password = 'Enter your password.';
  if (Object.keys(fields).length > 0) return formFailure({ message: CHECK_FIELDS, fields }, values, 400);

  const result = await createApiClient(undefined, request).POST('/v1/auth/login', { body: { email, password } });
  if (result.data !== undefined) return signInAndRedirect(request, result.data.token, result.data.expiresAt, '/dashboard');
  return formFailure(formErrorsFromProblem(result.error, 'Sign-in failed.'), values, result.response.status);
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useFocusFirstError(formRef, alertRef, actionData?.errors);
  const errors = actionData?.errors;

  return (
    <section className="panel panel--narrow" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <FormAlert id="sign-in-error" ref={alertRef} message={errors?.message} />
      <Form method="post" ref={formRef} noValidate aria-describedby={errors === undefined ? undefined : 'sign-in-error'}>
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          defaultValue={actionData?.values.email}
          error={errors?.fields.email}
        />
        <TextField name="password" label="Password" type="password" autoComplete="current-password" error={errors?.fields.password} />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New to Mirai? <Link to="/sign-up">Create an organisation</Link>
      </p>
    </section>
  );
}
