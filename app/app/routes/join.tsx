import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import { createApiClient } from '../api/client.server';
import { FormAlert } from '../components/form-alert';
import { TextField } from '../components/text-field';
import { CHECK_FIELDS } from '../lib/auth-form.server';
import { flowUrl, selfServiceProvider } from '../lib/auth-provider.server';
import { looksLikeEmail, textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { chooseOrganisation, getToken, signInAndRedirect } from '../lib/session.server';
import { useFocusFirstError } from '../lib/use-focus-first-error';

export const meta: MetaFunction = () => [{ title: 'Join an organisation · Mirai' }];

/** Where an invitation link lands: new people create their account, signed-in people accept. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const session = await getToken(request);
  // Under a session provider (Kratos) people register in its pages; the core accepts the
  // invitation on their first signed-in request, matched by verified email.
  const provider = session === undefined ? await selfServiceProvider() : null;
  if (provider !== null) throw redirect(flowUrl(provider.selfService.registration, request, '/dashboard'));
  const client = createApiClient(session, request);
  const [me, offer] = await Promise.all([
    session === undefined ? undefined : client.GET('/v1/me'),
    token === '' ? undefined : client.POST('/v1/auth/invitation', { body: { token } }),
  ]);
  // A used, expired or mistyped token is said up front rather than after the form is filled in.
  const invitation = offer?.data === undefined ? null : { organisation: offer.data.organisation, email: offer.data.email, role: offer.data.role };
  return { token, signedInAs: me?.data?.user.email, invitation, invalid: offer !== undefined && offer.response.status === 404 };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = textField(form, 'token');
  const session = await getToken(request);
  if (textField(form, 'intent') === 'accept' && session !== undefined) {
    const result = await createApiClient(session, request).POST('/v1/invitations/accept', { body: { token } });
    // Work in the organisation just joined; the header's switcher goes back.
    if (result.data !== undefined)
      return data(
        { joined: result.data.role, errors: undefined, email: '' },
        { headers: { 'Set-Cookie': await chooseOrganisation(request, result.data.tenantId) } },
      );
    return data(
      { joined: undefined, errors: formErrorsFromProblem(result.error, 'The invitation could not be accepted.'), email: '' },
      { status: result.response.status },
    );
  }
  const email = textField(form, 'email').trim();
  const password = textField(form, 'password');
  const fields: Record<string, string> = {};
  if (!looksLikeEmail(email)) fields.email = 'Enter the email address the invitation was sent to.';
  if (password.length < 10) fields.password = 'Use at least 10 characters.';
  if (Object.keys(fields).length > 0) return data({ joined: undefined, errors: { message: CHECK_FIELDS, fields }, email }, { status: 400 });
  const result = await createApiClient(undefined, request).POST('/v1/auth/signup', { body: { email, password, invitationToken: token } });
  if (result.data !== undefined) return signInAndRedirect(request, result.data.token, result.data.expiresAt, '/dashboard');
  return data({ joined: undefined, errors: formErrorsFromProblem(result.error, 'Joining failed.'), email }, { status: result.response.status });
}

function articleFor(role: string): string {
  return /^[aeiou]/.test(role) ? 'an' : 'a';
}

export default function Join() {
  const { token, signedInAs, invitation, invalid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useFocusFirstError(formRef, alertRef, result?.errors);
  const errors = result?.errors;

  if (token === '')
    return (
      <section className="panel panel--narrow" aria-labelledby="join-heading">
        <h1 id="join-heading">Join an organisation</h1>
        <p>This link has no invitation in it. Ask the person who invited you for the full link.</p>
      </section>
    );
  if (result?.joined !== undefined)
    return (
      <section className="panel panel--narrow" aria-labelledby="join-heading">
        <h1 id="join-heading">You joined</h1>
        <p role="status">
          You are now a member with the {result.joined} role, and working in that organisation. Switch between your organisations from the header.
        </p>
        <p>{result.joined === 'learner' ? <Link to="/learn">Go to your courses</Link> : <Link to="/dashboard">Go to the dashboard</Link>}</p>
      </section>
    );
  // After joining, the reloaded invitation is used: the confirmation above comes first.
  if (invalid)
    return (
      <section className="panel panel--narrow" aria-labelledby="join-heading">
        <h1 id="join-heading">Join an organisation</h1>
        <p>This invitation was already used or has expired. Ask the person who invited you for a new one.</p>
      </section>
    );
  return (
    <section className="panel panel--narrow" aria-labelledby="join-heading">
      <h1 id="join-heading">{invitation === null ? 'Join an organisation' : `Join ${invitation.organisation}`}</h1>
      {invitation === null ? null : (
        <p data-testid="invitation-offer">
          You are invited to {invitation.organisation} as {articleFor(invitation.role)} {invitation.role}, at {invitation.email}.
        </p>
      )}
      <FormAlert id="join-error" ref={alertRef} message={errors?.message} />
      {signedInAs === undefined ? (
        <>
          <p>Create your account with the email address you were invited with.</p>
          <Form method="post" ref={formRef} noValidate>
            <input type="hidden" name="token" value={token} />
            <TextField
              name="email"
              label="Email"
              type="email"
              autoComplete="email"
              defaultValue={result?.email ?? invitation?.email}
              error={errors?.fields.email}
            />
            <TextField
              name="password"
              label="Password"
              type="password"
              autoComplete="new-password"
              hint="At least 10 characters."
              error={errors?.fields.password}
            />
            <button type="submit" className="button" disabled={submitting}>
              {submitting ? 'Joining…' : 'Create account and join'}
            </button>
          </Form>
          <p>
            Already have an account? <Link to="/sign-in">Sign in</Link>, then open this link again.
          </p>
        </>
      ) : (
        <Form method="post" ref={formRef}>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="intent" value="accept" />
          <p>You are signed in as {signedInAs}. The invitation must be addressed to this email.</p>
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? 'Joining…' : `Join as ${signedInAs}`}
          </button>
        </Form>
      )}
    </section>
  );
}
