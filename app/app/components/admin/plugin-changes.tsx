import { AdminTable } from './admin-table';

export interface PluginChangeItem {
  id: string;
  plugin: string;
  actor: { userId: string; email: string };
  at: string;
  changedFields: string[];
  secretsChanged: string[];
  secretsCleared: string[];
  enabled: boolean;
  action: 'configure' | 'install' | 'upgrade' | 'uninstall';
  version: string | null;
}

const ACTION_LABELS: Record<PluginChangeItem['action'], string> = {
  configure: 'Settings saved',
  install: 'Installed',
  upgrade: 'Version changed to',
  uninstall: 'Uninstalled',
};

const names = (list: string[]) => (list.length === 0 ? '—' : list.join(', '));

/** The audit log of plugin settings, installs, upgrades and removals (owners only): who changed what, never the values. */
export function PluginChanges({ changes }: { changes: PluginChangeItem[] }) {
  return (
    <section className="panel" aria-labelledby="plugin-changes-heading" data-testid="plugin-changes">
      <h2 id="plugin-changes-heading">Plugin changes</h2>
      <p className="meta">
        Who installed, upgraded, removed or changed the settings of which plugin, newest first. Values are never recorded. A secret is cleared when an
        endpoint it was entered for changes.
      </p>
      {changes.length === 0 ? (
        <p className="empty">No plugins have been installed or changed yet.</p>
      ) : (
        <AdminTable testId="plugin-changes-table" caption="Plugin changes" columns={['When', 'Who', 'Plugin', 'Change', 'Settings', 'Secrets']}>
          {changes.map((change) => (
            <tr key={change.id} data-change={change.id}>
              <th scope="row" data-label="When">
                <time dateTime={change.at}>{change.at.slice(0, 16).replace('T', ' ')}</time>
              </th>
              <td data-label="Who">{change.actor.email}</td>
              <td data-label="Plugin">
                {change.plugin} ({change.enabled ? 'enabled' : 'disabled'})
              </td>
              <td data-label="Change">
                {ACTION_LABELS[change.action]}
                {change.version === null ? '' : ` ${change.version}`}
              </td>
              <td data-label="Settings">{names(change.changedFields)}</td>
              <td data-label="Secrets">
                {names(change.secretsChanged)}
                {change.secretsCleared.length === 0 ? '' : ` · cleared: ${change.secretsCleared.join(', ')}`}
              </td>
              <td data-label="Actions" />
            </tr>
          ))}
        </AdminTable>
      )}
    </section>
  );
}
