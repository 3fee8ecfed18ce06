import { Form, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import type { AccountResult } from '../../lib/account-forms';
import { useFocusFirstError } from '../../lib/use-focus-first-error';
import { FormAlert } from '../form-alert';
import { TextField } from '../text-field';

/** Asks for a change of address: a link goes to the new one, a notice to the current one. */
export function EmailChangeForm({ email, result }: { email: string; result: AccountResult | undefined }) {
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'email';
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const errors = result !== undefined && 'errors' in result ? result.errors : undefined;
  useFocusFirstError(formRef, alertRef, errors);
  if (result !== undefined && 'requested' in result)
    return (
      <p role="status">
        We sent a link to {result.requested}. Your address changes once you open it; {email} was told about the request.
      </p>
    );
  return (
    <>
      <FormAlert id="email-change-error" ref={alertRef} message={errors?.message} />
      <Form method="post" ref={formRef} noValidate aria-describedby={errors === undefined ? undefined : 'email-change-error'}>
        <input type="hidden" name="intent" value="email" />
        <TextField
          name="email"
          label="New email"
          type="email"
          autoComplete="email"
          defaultValue={result !== undefined && 'values' in result ? result.values.email : undefined}
          error={errors?.fields.email}
        />
        <TextField name="password" label="Current password" type="password" autoComplete="current-password" error={errors?.fields.password} />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Sending…' : 'Send a confirmation link'}
        </button>
      </Form>
    </>
  );
}
