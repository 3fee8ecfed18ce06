import type { PluginSummary } from '../api/types';

/** A plugin's name and version, whether it is on, and what it provides: the top of every plugin card. */
export function PluginFacts({
  plugin,
  heading: Heading,
}: {
  plugin: Pick<PluginSummary, 'name' | 'version' | 'enabled' | 'capabilities'>;
  heading: 'h2' | 'h3';
}) {
  return (
    <>
      <Heading>
        {plugin.name} <span className="version">v{plugin.version}</span>
      </Heading>
      <p className={plugin.enabled ? 'status status--on' : 'status status--off'} data-testid="plugin-state">
        {plugin.enabled ? 'Enabled' : 'Disabled'}
      </p>
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
    </>
  );
}
