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

const MIN_PASSWORD_LENGTH = 10;

export const meta: MetaFunction = () => [{ title: 'Sign up · Mirai' }];

/** With a session provider (e.g. Kratos) the registration page is the provider's; it sends the user back to the dashboard. */
async function redirectToProvider(request: Request): Promise<void> {
  const provider = await selfServiceProvider();
  if (provider !== null) throw redirect(flowUrl(provider.selfService.registration, request, '/dashboard'));
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
  const tenantName = textField(form, 'tenantName').trim();
  const values = { email, tenantName };

  const fields: Record<string, string> = {};
  if (!looksLikeEmail(email)) fields.email = 'Enter an email address like name@example.org.';
  if (password.length < MIN_PASSWORD_LENGTH) fields.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (tenantName === '') fields.tenantName = 'Enter the name of your organisation.';
  if (Object.keys(fields).length > 0) return formFailure({ message: CHECK_FIELDS, fields }, values, 400);

  const result = await createApiClient(undefined, request).POST('/v1/auth/signup', { body: { email, password, tenantName } });
  if (result.data !== undefined) return signInAndRedirect(request, result.data.token, result.data.expiresAt, '/dashboard');
  return formFailure(formErrorsFromProblem(result.error, 'Sign-up failed.'), values, result.response.status);
}

export default function SignUp() {
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useFocusFirstError(formRef, alertRef, actionData?.errors);
  const errors = actionData?.errors;

  return (
    <section className="panel panel--narrow" aria-labelledby="sign-up-heading">
      <h1 id="sign-up-heading">Create your organisation</h1>
      <p>You will be its owner. You can invite others later.</p>
      <FormAlert id="sign-up-error" ref={alertRef} message={errors?.message} />
      <Form method="post" ref={formRef} noValidate aria-describedby={errors === undefined ? undefined : 'sign-up-error'}>
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          defaultValue={actionData?.values.email}
          error={errors?.fields.email}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          minLength={MIN_PASSWORD_LENGTH}
          error={errors?.fields.password}
        />
        <TextField
          name="tenantName"
          label="Organisation name"
          autoComplete="organization"
          defaultValue={actionData?.values.tenantName}
          error={errors?.fields.tenantName}
        />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Creating…' : 'Sign up'}
        </button>
      </Form>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
