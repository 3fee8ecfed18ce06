import type { PluginSummary } from '../api/types';

export function PluginList({ plugins }: { plugins: PluginSummary[] }) {
  if (plugins.length === 0) return <p className="empty">No plugins installed</p>;
  return (
    <ul className="cards" data-testid="plugin-list">
      {plugins.map((plugin) => (
        <li key={plugin.name} className="card" data-plugin={plugin.name}>
          <h3>
            {plugin.name} <span className="version">v{plugin.version}</span>
          </h3>
          <p className={plugin.enabled ? 'status status--on' : 'status status--off'}>{plugin.enabled ? 'Enabled' : 'Disabled'}</p>
          {plugin.capabilities.length === 0 ? (
            <p className="meta">No capabilities</p>
          ) : (
            <ul className="tags" aria-label={`Capabilities of ${plugin.name}`}>
              {plugin.capabilities.map((capability) => (
                <li key={capability} className="tag">
                  {capability}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
