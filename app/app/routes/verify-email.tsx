import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { createApiClient } from '../api/client.server';
import { ResendVerificationForm } from '../components/email-reminder';
import { FormAlert } from '../components/form-alert';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';
import { requireToken } from '../lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Confirm your e-mail · Mirai' }];

type Outcome = { ok: true; message: string } | { ok: false; message: string };

/** The link target of the verification mail. The token is used only on an explicit POST, so mail scanners that fetch links do not spend it. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request }: ActionFunctionArgs): Promise<Outcome> {
  const form = await request.formData();
  if (textField(form, 'intent') === 'resend') {
    const credential = await requireToken(request);
    const result = await createApiClient(credential, request).POST('/v1/auth/verify-email/resend');
    if (result.response.status === 202) return { ok: true, message: 'We sent a new link. Links in earlier mails no longer work.' };
    return { ok: false, message: formErrorsFromProblem(result.error, 'The link could not be sent.').message };
  }
  const token = textField(form, 'token');
  const result = await createApiClient(undefined, request).POST('/v1/auth/verify-email', { body: { token } });
  if (result.response.status === 204) return { ok: true, message: 'Your e-mail address is confirmed. You can now accept invitations sent to it.' };
  return { ok: false, message: formErrorsFromProblem(result.error, 'This link does not work.').message };
}

export default function VerifyEmail() {
  const { token } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  return (
    <section className="panel panel--narrow" aria-labelledby="verify-heading">
      <h1 id="verify-heading">Confirm your e-mail address</h1>
      {outcome?.ok === true ? (
        <p role="status">{outcome.message}</p>
      ) : (
        <>
          <FormAlert id="verify-error" message={outcome?.message} />
          {token === '' ? (
            <p>Open the link in the mail we sent you. Signed in, you can ask for a new one below.</p>
          ) : (
            <Form method="post">
              <input type="hidden" name="token" value={token} />
              <button type="submit" className="button" disabled={submitting}>
                {submitting ? 'Confirming…' : 'Confirm my address'}
              </button>
            </Form>
          )}
        </>
      )}
      <ResendVerificationForm />
      <p>
        <Link to="/dashboard">Go to the dashboard</Link>
      </p>
    </section>
  );
}
