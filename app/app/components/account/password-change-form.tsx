import { Form, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import type { AccountResult } from '../../lib/account-forms';
import { useFocusFirstError } from '../../lib/use-focus-first-error';
import { FormAlert } from '../form-alert';
import { TextField } from '../text-field';

/** Changes the password with the current one; other sessions end unless the user keeps them. */
export function PasswordChangeForm({ result }: { result: AccountResult | undefined }) {
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'password';
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const errors = result !== undefined && 'errors' in result ? result.errors : undefined;
  useFocusFirstError(formRef, alertRef, errors);
  const done = result !== undefined && 'otherSessionsEnded' in result ? result.otherSessionsEnded : undefined;
  return (
    <>
      {done === undefined ? null : (
        <p role="status">
          Your password is changed.{' '}
          {done === 0 ? 'No other session was signed out.' : `${done} other ${done === 1 ? 'session was' : 'sessions were'} signed out.`} We mailed
          you a notice.
        </p>
      )}
      <FormAlert id="password-change-error" ref={alertRef} message={errors?.message} />
      <Form method="post" ref={formRef} noValidate aria-describedby={errors === undefined ? undefined : 'password-change-error'}>
        <input type="hidden" name="intent" value="password" />
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={errors?.fields.currentPassword}
        />
        <TextField
          name="newPassword"
          label="New password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          hint="10 to 128 characters."
          error={errors?.fields.newPassword}
        />
        <TextField name="confirm" label="New password again" type="password" autoComplete="new-password" error={errors?.fields.confirm} />
        <div className="field">
          <label>
            <input type="checkbox" name="keepOtherSessions" /> Keep my other sessions signed in
          </label>
        </div>
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Saving…' : 'Change password'}
        </button>
      </Form>
    </>
  );
}
