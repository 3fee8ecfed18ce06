import { Form, Link, useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { type Role, roleLabel } from './roles';

export interface MemberItem {
  id: string;
  userId: string;
  email: string;
  role: Role;
  createdAt: string;
}

interface RowResult {
  ok: boolean;
  message: string;
}

interface MemberRowProps {
  member: MemberItem;
  isSelf: boolean;
  /** Roles the signed-in user may hand out. */
  roles: Role[];
  /** Admins may not change or remove owners. */
  locked: boolean;
  confirmingRemoval: boolean;
}

/** One member: email, a role picker that saves in place, and removal behind a confirmation. */
export function MemberRow({ member, isSelf, roles, locked, confirmingRemoval }: MemberRowProps) {
  const roleFetcher = useFetcher<RowResult>({ key: `role-${member.id}` });
  const confirmRef = useRef<HTMLElement>(null);
  const saving = roleFetcher.state !== 'idle';
  const result = roleFetcher.state === 'idle' ? roleFetcher.data : undefined;
  const selectId = `role-${member.id}`;
  const errorId = `role-${member.id}-result`;

  useEffect(() => {
    if (confirmingRemoval) confirmRef.current?.focus();
  }, [confirmingRemoval]);

  return (
    <>
      <tr data-member={member.email}>
        <th scope="row" data-label="Member">
          <span className="member-email">{member.email}</span>
          {isSelf ? <span className="badge"> you</span> : null}
        </th>
        <td data-label="Role">
          {locked ? (
            <span data-testid="member-role">
              {roleLabel(member.role)} <span className="meta">(only owners can change owners)</span>
            </span>
          ) : (
            <roleFetcher.Form method="post" className="role-form">
              <input type="hidden" name="intent" value="change-role" />
              <input type="hidden" name="memberId" value={member.id} />
              <label htmlFor={selectId} className="visually-hidden">
                Role of {member.email}
              </label>
              <select
                id={selectId}
                name="role"
                defaultValue={member.role}
                data-testid="member-role"
                aria-describedby={result === undefined ? undefined : errorId}
                aria-invalid={result !== undefined && !result.ok ? true : undefined}
              >
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {roleLabel(role)}
                  </option>
                ))}
              </select>
              <button type="submit" className="button button--secondary button--small" disabled={saving}>
                {saving ? 'Saving…' : 'Change role'}
              </button>
              {result === undefined ? null : (
                <p id={errorId} className={result.ok ? 'row-result row-result--ok' : 'row-result field__error'} role={result.ok ? 'status' : 'alert'}>
                  {result.message}
                </p>
              )}
            </roleFetcher.Form>
          )}
        </td>
        <td data-label="Joined">
          <time dateTime={member.createdAt}>{member.createdAt.slice(0, 10)}</time>
        </td>
        <td data-label="Actions">
          {locked ? null : (
            <Link to={`?remove=${member.id}`} className="button button--danger-link" preventScrollReset aria-label={`Remove ${member.email}`}>
              Remove
            </Link>
          )}
        </td>
      </tr>
      {confirmingRemoval ? (
        <tr className="confirm-row">
          <td colSpan={4}>
            <section ref={confirmRef} tabIndex={-1} aria-labelledby={`confirm-${member.id}`} className="confirm" data-testid="confirm-removal">
              <p id={`confirm-${member.id}`}>
                <strong>
                  Remove {member.email}
                  {isSelf ? ' (you)' : ''}?
                </strong>{' '}
                They lose access to the organisation at once; courses they wrote stay.
              </p>
              <Form method="post" action="/admin/members" className="confirm__actions" preventScrollReset>
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="memberId" value={member.id} />
                <input type="hidden" name="email" value={member.email} />
                <button type="submit" className="button button--danger">
                  Remove member
                </button>
                <Link to="/admin/members" className="button button--secondary" preventScrollReset>
                  Cancel
                </Link>
              </Form>
            </section>
          </td>
        </tr>
      ) : null}
    </>
  );
}
