import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { createApiClient } from '../api/client.server';
import { FormAlert } from '../components/form-alert';
import { textField } from '../lib/form-data';
import { formErrorsFromProblem } from '../lib/form-errors';

export const meta: MetaFunction = () => [{ title: 'Confirm your new e-mail · Mirai' }];

type Outcome = { ok: true; message: string } | { ok: false; message: string };

/** The link target of the mail sent to a new address; spent only on the button press, so mail scanners do not spend it. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request }: ActionFunctionArgs): Promise<Outcome> {
  const token = textField(await request.formData(), 'token');
  const result = await createApiClient(undefined, request).POST('/v1/auth/email-change/confirm', { body: { token } });
  if (result.data !== undefined) return { ok: true, message: `Your account now uses ${result.data.email}. Sign in with it from now on.` };
  return { ok: false, message: formErrorsFromProblem(result.error, 'This link does not work.').message };
}

export default function ConfirmEmailChange() {
  const { token } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  return (
    <section className="panel panel--narrow" aria-labelledby="confirm-change-heading">
      <h1 id="confirm-change-heading">Confirm your new e-mail address</h1>
      {outcome?.ok === true ? (
        <p role="status">{outcome.message}</p>
      ) : (
        <>
          <FormAlert id="confirm-change-error" message={outcome?.message} />
          {token === '' ? (
            <p>Open the link in the mail we sent to your new address.</p>
          ) : (
            <Form method="post">
              <input type="hidden" name="token" value={token} />
              <button type="submit" className="button" disabled={submitting}>
                {submitting ? 'Confirming…' : 'Use this address'}
              </button>
            </Form>
          )}
        </>
      )}
      <p>
        <Link to="/dashboard">Go to the dashboard</Link>
      </p>
    </section>
  );
}
