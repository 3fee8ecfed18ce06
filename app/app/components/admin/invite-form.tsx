import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { TextField } from '../text-field';
import { CopyField } from './copy-field';
import { ROLE_OPTIONS, type Role } from './roles';

export interface CreatedInvitation {
  email: string;
  role: Role;
  /** Set for an invitation to share by hand; a mailed invitation has no link anyone but the invitee sees. */
  link: string | null;
  expiresAt: string;
}

interface InviteFormProps {
  roles: Role[];
  fieldErrors: Record<string, string> | undefined;
  values: { email: string; role: string; delivery?: string } | undefined;
  created: CreatedInvitation | undefined;
}

/** Invite by email with a role; mailed by default, or a link shown once to copy (when mail does not reach the invitee). */
export function InviteForm({ roles, fieldErrors, values, created }: InviteFormProps) {
  const submitting = useNavigation().formData?.get('intent') === 'invite';
  const formRef = useRef<HTMLFormElement>(null);
  const createdRef = useRef<HTMLDivElement>(null);
  const roleError = fieldErrors?.role;

  useEffect(() => {
    if (fieldErrors !== undefined) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [fieldErrors]);
  useEffect(() => {
    if (created !== undefined) createdRef.current?.focus();
  }, [created]);

  return (
    <>
      <Form
        method="post"
        ref={formRef}
        noValidate
        className="invite-form"
        key={created === undefined ? 'invite' : `${created.email}-${created.expiresAt}`}
      >
        <input type="hidden" name="intent" value="invite" />
        <TextField name="email" label="Email address" type="email" autoComplete="off" defaultValue={values?.email} error={fieldErrors?.email} />
        <fieldset
          className={roleError === undefined ? 'field role-picker' : 'field role-picker field--invalid'}
          aria-describedby={roleError === undefined ? undefined : 'invite-role-error'}
        >
          <legend>Role</legend>
          {ROLE_OPTIONS.filter((option) => roles.includes(option.role)).map((option) => (
            <label key={option.role} className="role-picker__option">
              <input type="radio" name="role" value={option.role} defaultChecked={(values?.role ?? 'author') === option.role} />
              <span>
                <strong>{option.label}</strong> <span className="meta">{option.description}</span>
              </span>
            </label>
          ))}
          {roleError === undefined ? null : (
            <p id="invite-role-error" className="field__error">
              {roleError}
            </p>
          )}
        </fieldset>
        <fieldset className="field role-picker">
          <legend>Delivery</legend>
          <label className="role-picker__option">
            <input type="radio" name="delivery" value="mail" defaultChecked={(values?.delivery ?? 'mail') === 'mail'} />
            <span>
              <strong>Send it by e-mail</strong> <span className="meta">Only the owner of the address can use it.</span>
            </span>
          </label>
          <label className="role-picker__option">
            <input type="radio" name="delivery" value="link" defaultChecked={values?.delivery === 'link'} />
            <span>
              <strong>Show me a link to share</strong> <span className="meta">Whoever you give it to can join with that address.</span>
            </span>
          </label>
        </fieldset>
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Creating invitation…' : 'Create invitation'}
        </button>
      </Form>
      {created === undefined ? null : (
        <div className="notice invitation-created" ref={createdRef} tabIndex={-1} role="status" data-testid="invitation-created">
          <p>
            <strong>
              {created.email} is invited as {created.role}.
            </strong>{' '}
            {created.link === null
              ? `We mailed them the invitation. It works until ${created.expiresAt.slice(0, 10)}.`
              : `Send them this link. It is shown only now and works until ${created.expiresAt.slice(0, 10)}.`}
          </p>
          {created.link === null ? null : (
            <CopyField
              label="Invitation link"
              value={created.link}
              testId="invitation-link"
              hint="Opening it lets them create an account or join with an existing one."
            />
          )}
        </div>
      )}
    </>
  );
}
