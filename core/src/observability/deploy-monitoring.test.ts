import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../paths.ts';
import { SCRAPE_TIME_METRICS } from './metrics-collectors.ts';
import { MiraiMetrics } from './mirai-metrics.ts';

// The alerts and the dashboard name series by hand; a typo there is an alert that never fires.
const APP = join(REPO_DIR, 'deploy', 'k8s', 'base', 'app');
const HISTOGRAM_SUFFIX = /_(bucket|count|sum)$/;

/** Every `mirai_*` series a PromQL text reads (recording rules `mirai:*` excluded), without histogram suffixes. */
function miraiSeries(promql: string): Set<string> {
  return new Set([...promql.matchAll(/\bmirai_[a-z0-9_]+/g)].map(([name]) => name.replace(HISTOGRAM_SUFFIX, '')));
}

async function exposedNames(): Promise<Set<string>> {
  const metrics = new MiraiMetrics({ processRole: 'all' });
  const names = (await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name);
  return new Set([...names, ...Object.values(SCRAPE_TIME_METRICS)]);
}

describe('deploy/k8s monitoring', () => {
  it('alerts and recording rules read only series Mirai exposes, and cover errors, queue, outbox, replication and certificates', async () => {
    // The whole file: series names appear only in expressions (names and annotations say mirai: or Mirai).
    const rules = readFileSync(join(APP, 'prometheus-rules.yaml'), 'utf8');
    const exposed = await exposedNames();
    const read = [...miraiSeries(rules)];
    expect(read.length).toBeGreaterThan(4);
    expect(read.filter((name) => !exposed.has(name))).toEqual([]);
    const alerts = [...rules.matchAll(/^\s+- alert: (\w+)$/gm)].map(([, name]) => name);
    expect(alerts).toEqual(
      expect.arrayContaining(['MiraiHighErrorRate', 'MiraiQueueLag', 'MiraiOutboxLag', 'PostgresReplicationLag', 'CertificateExpiringSoon']),
    );
    expect(rules).toContain('cnpg_pg_replication_lag');
    expect(rules).toContain('certmanager_certificate_expiration_timestamp_seconds');
  });

  it('every dashboard panel queries series Mirai (or CloudNativePG) exposes', async () => {
    const dashboard = JSON.parse(readFileSync(join(APP, 'dashboards', 'mirai-overview.json'), 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((panel: { targets: Array<{ expr: string }> }) => panel.targets.map((target) => target.expr));
    expect(exprs.length).toBeGreaterThan(10);
    const exposed = await exposedNames();
    const missing = exprs.flatMap((expr) => [...miraiSeries(expr)].filter((name) => !exposed.has(name)));
    expect(missing).toEqual([]);
  });

  it('the metrics port of the config is the port the API and worker declare and the network policies open', () => {
    const port = Number(/^ {2}MIRAI_METRICS_PORT: "(\d+)"$/m.exec(readFileSync(join(APP, 'config.yaml'), 'utf8'))?.[1]);
    expect(port).toBeGreaterThan(0);
    for (const workload of ['api', 'worker']) {
      const text = readFileSync(join(APP, `${workload}.yaml`), 'utf8');
      expect(text, workload).toContain(`{ name: metrics, containerPort: ${port} }`);
    }
    const policies = readFileSync(join(APP, 'network-policies.yaml'), 'utf8');
    expect(policies.match(new RegExp(`port: ${port} }`, 'g'))).toHaveLength(2);
  });
});
