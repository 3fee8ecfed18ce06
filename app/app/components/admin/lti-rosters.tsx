import { Form } from '@remix-run/react';
import { AdminTable } from './admin-table';

export interface RosterContextRow {
  id: string;
  platformName: string;
  title: string;
  lastSyncedAt: string | null;
}

export interface RosterSyncResult {
  members: number;
  added: number;
  enrolled: number;
  refusedForSeats: number;
  truncated: boolean;
}

/** What one sync did, in a sentence for the status line. */
export function rosterSyncMessage(title: string, sync: RosterSyncResult): string {
  const parts = [
    `${title}: ${sync.members} ${sync.members === 1 ? 'member' : 'members'} on the platform's roster`,
    `${sync.added} joined this organisation`,
    `${sync.enrolled} newly enrolled`,
  ];
  if (sync.refusedForSeats > 0) parts.push(`${sync.refusedForSeats} left out: the plan has no free seat`);
  const sentence = `${parts.join(', ')}.`;
  return sync.truncated ? `${sentence} The roster was longer than one sync reads; sync again for the rest.` : sentence;
}

/**
 * The platform courses (LTI contexts) that launched one of this organisation's courses and offer
 * Names and Role Provisioning: each can bring its whole roster in at once, before everyone launches.
 */
export function LtiRosters({ contexts, busy }: { contexts: RosterContextRow[]; busy: boolean }) {
  return (
    <section className="panel" aria-labelledby="lti-rosters-heading">
      <h2 id="lti-rosters-heading">
        Rosters <span className="count">({contexts.length})</span>
      </h2>
      <p>
        Platform courses appear here after their first launch, when the platform offers its roster (Names and Role Provisioning). Syncing adds their
        people to this organisation and enrols the learners in the Mirai course; nobody is removed.
      </p>
      {contexts.length === 0 ? (
        <p className="empty">No platform course has offered its roster yet.</p>
      ) : (
        <AdminTable testId="lti-rosters" caption="Platform courses whose rosters can be synced" columns={['Platform course', 'Last synced']}>
          {contexts.map((context) => (
            <tr key={context.id}>
              <td data-label="Platform course">
                {context.title} <span className="meta">({context.platformName})</span>
              </td>
              <td data-label="Last synced">
                {context.lastSyncedAt === null ? 'Never' : new Date(context.lastSyncedAt).toLocaleString('en-GB', { timeZone: 'UTC' })}
              </td>
              <td data-label="Actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="sync-roster" />
                  <input type="hidden" name="id" value={context.id} />
                  <input type="hidden" name="title" value={context.title} />
                  <button type="submit" className="button button--secondary" disabled={busy} aria-label={`Sync roster of ${context.title}`}>
                    Sync roster
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </section>
  );
}
