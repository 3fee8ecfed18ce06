import { Form } from '@remix-run/react';

/** Asks the API for a new verification link for the signed-in user (the verify page's action). */
export function ResendVerificationForm() {
  return (
    <Form method="post" action="/verify-email" className="inline-form">
      <input type="hidden" name="intent" value="resend" />
      <button type="submit" className="button button--link">
        Send a new link
      </button>
    </Form>
  );
}

/**
 * The "check your e-mail" state: shown on every page after a password sign-up until the address is
 * confirmed. The account works meanwhile (its own organisation); accepting invitations waits for it.
 */
export function EmailReminder({ email }: { email: string }) {
  return (
    <div className="alert" role="status">
      Check your e-mail: we sent a link to {email} to confirm the address. Until then you can use your own organisation, but not accept invitations.{' '}
      <ResendVerificationForm />
    </div>
  );
}
