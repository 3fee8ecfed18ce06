import type { PluginSummary } from '../api/types';
import { PluginFacts } from './plugin-facts';

export function PluginList({ plugins }: { plugins: PluginSummary[] }) {
  if (plugins.length === 0) return <p className="empty">No plugins installed</p>;
  return (
    <ul className="cards" data-testid="plugin-list">
      {plugins.map((plugin) => (
        <li key={plugin.name} className="card" data-plugin={plugin.name}>
          <PluginFacts plugin={plugin} heading="h3" />
        </li>
      ))}
    </ul>
  );
}
