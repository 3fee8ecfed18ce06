import { useFetcher } from '@remix-run/react';
import { AdminTable } from './admin-table';
import { type Role, roleLabel } from './roles';

export interface InvitationItem {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
}

function InvitationRow({ invitation }: { invitation: InvitationItem }) {
  const fetcher = useFetcher<{ ok: boolean; message: string }>({ key: `revoke-${invitation.id}` });
  const busy = fetcher.state !== 'idle';
  const failed = fetcher.state === 'idle' && fetcher.data !== undefined && !fetcher.data.ok ? fetcher.data.message : undefined;
  return (
    <tr data-invitation={invitation.email}>
      <th scope="row" data-label="Invited">
        {invitation.email}
      </th>
      <td data-label="Role">{roleLabel(invitation.role)}</td>
      <td data-label="Expires">
        <time dateTime={invitation.expiresAt}>{invitation.expiresAt.slice(0, 10)}</time>
      </td>
      <td data-label="Actions">
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="revoke" />
          <input type="hidden" name="invitationId" value={invitation.id} />
          <input type="hidden" name="email" value={invitation.email} />
          <button
            type="submit"
            className="button button--secondary button--small"
            disabled={busy}
            aria-label={`Revoke the invitation for ${invitation.email}`}
          >
            {busy ? 'Revoking…' : 'Revoke'}
          </button>
        </fetcher.Form>
        {failed === undefined ? null : (
          <p className="field__error" role="alert">
            {failed}
          </p>
        )}
      </td>
    </tr>
  );
}

/** Invitations nobody has accepted yet; their links cannot be shown again, only revoked. */
export function InvitationList({ invitations }: { invitations: InvitationItem[] }) {
  if (invitations.length === 0)
    return (
      <p className="empty" data-testid="invitations-empty">
        No pending invitations.
      </p>
    );
  return (
    <AdminTable testId="invitations" caption="Pending invitations" columns={['Invited', 'Role', 'Expires']}>
      {invitations.map((invitation) => (
        <InvitationRow key={invitation.id} invitation={invitation} />
      ))}
    </AdminTable>
  );
}
