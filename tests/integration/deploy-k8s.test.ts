// deploy/k8s: every overlay builds with kubectl's kustomize, every resource validates against
// the Kubernetes schemas (kubernetes-models) or its operator's vendored CRD schema, and each
// environment passes the policy checks. The second half proves each check rejects a broken copy.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { knownServerEnv } from '../support/deploy-known-env.ts';
import { findKubectl, K8S_DIR, type K8sResource, kustomizeBuild, overlayDirs, parseManifests } from '../support/k8s-manifests.ts';
import { availabilityViolations, defaultDenyViolations, policyViolations, secretViolations, workloadViolations } from '../support/k8s-policy.ts';
import { pluginRuntimeViolations } from '../support/k8s-runtime-policy.ts';
import { validateResource } from '../support/k8s-schema-validation.ts';
import { secretReferences } from '../support/k8s-secret-refs.ts';
import { repoRoot } from '../support/paths.ts';

const kubectl = findKubectl();
// A developer machine without kubectl skips with a message; CI (CI=true), which installs it, never skips.
const skip = kubectl === null && process.env.CI === undefined;
/** Created by the CloudNativePG operator for the `mirai-db` cluster, so never in the example. */
const OPERATOR_SECRETS = new Set(['mirai-db-app']);
const builds = new Map<string, K8sResource[]>();

/** Every layer of one environment (deploy/k8s/overlays/<env>/*) together. */
function environment(env: string): K8sResource[] {
  return [...builds.entries()].filter(([dir]) => basename(dirname(dir)) === env).flatMap(([, resources]) => resources);
}
function find(resources: K8sResource[], kind: string, name: string): K8sResource {
  const found = resources.find((resource) => resource.kind === kind && resource.metadata.name === name);
  if (found === undefined) throw new Error(`${kind}/${name} is not in the build`);
  return found;
}
interface ContainerShape {
  image: string;
  resources: { limits?: unknown };
  env?: { name: string; value?: string }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  securityContext: { readOnlyRootFilesystem?: boolean };
}
function podSpec(resource: K8sResource) {
  return (resource.spec as { template: { spec: { containers: ContainerShape[]; terminationGracePeriodSeconds?: number; securityContext: object } } })
    .template.spec;
}

describe.skipIf(skip)(`deploy/k8s overlays${skip ? ' (skipped: kubectl not found; apt-get install kubernetes-client)' : ''}`, () => {
  beforeAll(() => {
    for (const dir of overlayDirs()) builds.set(dir, kustomizeBuild(kubectl ?? 'kubectl', dir));
  });

  it('kubectl kustomize builds every overlay: dev and prod, data and app layers', () => {
    expect([...builds.keys()].map((dir) => relative(K8S_DIR, dir))).toEqual([
      'overlays/dev/app',
      'overlays/dev/data',
      'overlays/prod/app',
      'overlays/prod/data',
    ]);
    for (const resources of builds.values()) expect(resources.length).toBeGreaterThan(5);
  });

  it('every resource validates against the Kubernetes or CRD schema of its kind', () => {
    const errors = [...builds.entries()].flatMap(([dir, resources]) =>
      resources.flatMap((resource) =>
        validateResource(resource).map((error) => `${relative(K8S_DIR, dir)} ${resource.kind}/${resource.metadata.name}: ${error}`),
      ),
    );
    expect(errors).toEqual([]);
  });

  it.each(['dev', 'prod'])(
    '%s passes the policy checks (limits, probes, non-root, read-only root, pinned images, no secrets, PDBs, default deny)',
    (env) => {
      expect(policyViolations(environment(env))).toEqual([]);
    },
  );

  it('every referenced Secret and key is documented in secrets.example.yaml, with placeholders only', () => {
    const examples = parseManifests(readFileSync(join(K8S_DIR, 'secrets.example.yaml'), 'utf8'), 'secrets.example.yaml');
    const documented = new Map(examples.map((secret) => [secret.metadata.name, (secret.stringData ?? {}) as Record<string, string>]));
    const missing = secretReferences([...builds.values()].flat())
      .filter((ref) => !OPERATOR_SECRETS.has(ref.name))
      .filter((ref) => !documented.has(ref.name) || (ref.key !== undefined && documented.get(ref.name)?.[ref.key] === undefined))
      .map((ref) => `${ref.from} uses ${ref.name}${ref.key === undefined ? '' : `/${ref.key}`}`);
    expect(missing).toEqual([]);
    const filled = [...documented.entries()].flatMap(([name, data]) =>
      Object.entries(data)
        .filter(([key, value]) => !value.includes('<') && !(name === 'kratos-db-credentials' && key === 'username'))
        .map(([key]) => `${name}/${key}`),
    );
    expect(filled).toEqual([]);
  });

  it('production runs 3 replicas of api, worker and app with health probes and a drain that fits the grace period', () => {
    const prod = environment('prod');
    for (const name of ['api', 'worker', 'app']) expect((find(prod, 'Deployment', name).spec as { replicas: number }).replicas).toBe(3);
    for (const name of ['api', 'worker']) {
      const [container] = podSpec(find(prod, 'Deployment', name)).containers;
      expect(container?.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(container?.readinessProbe?.httpGet?.path).toBe('/readyz');
    }
    const api = podSpec(find(prod, 'Deployment', 'api'));
    // The sleep lets endpoints drop the pod before SIGTERM; the rest of the grace period is the drain.
    expect(api.containers[0]?.lifecycle?.preStop?.sleep?.seconds).toBeGreaterThanOrEqual(5);
    expect((api.terminationGracePeriodSeconds ?? 30) - (api.containers[0]?.lifecycle?.preStop?.sleep?.seconds ?? 0)).toBeGreaterThanOrEqual(30);
    const migrate = find(prod, 'Job', 'mirai-migrate');
    expect(migrate.metadata.annotations?.['argocd.argoproj.io/hook']).toBe('PreSync');
    const images = ['api', 'worker'].map((name) => podSpec(find(prod, 'Deployment', name)).containers[0]?.image);
    expect(new Set([...images, podSpec(migrate).containers[0]?.image]).size).toBe(1);
    // After the rollout, the same image signs in the probe and writes one lesson (mirai smoke).
    const smoke = find(prod, 'Job', 'mirai-smoke-test');
    expect(smoke.metadata.annotations?.['argocd.argoproj.io/hook']).toBe('PostSync');
    const [smokeContainer] = podSpec(smoke).containers;
    expect(smokeContainer?.image).toBe(images[0]);
    expect((smokeContainer as { args?: string[] } | undefined)?.args?.slice(0, 3)).toEqual(['smoke', '--url', 'http://api:8080']);
  });

  it('production PostgreSQL: 3 instances, quorum synchronous replication with failover quorum, backups with retention on a schedule', () => {
    const prod = environment('prod');
    const cluster = find(prod, 'Cluster', 'mirai-db').spec as {
      instances: number;
      postgresql: { synchronous: unknown };
      backup?: unknown;
      plugins: Array<{ name: string; isWALArchiver?: boolean; parameters?: { barmanObjectName?: string } }>;
    };
    expect(cluster.instances).toBe(3);
    expect(cluster.postgresql.synchronous).toEqual({ method: 'any', number: 1, dataDurability: 'required', failoverQuorum: true });
    // Backups through the Barman Cloud plugin, not the deprecated in-tree barmanObjectStore.
    expect(cluster.backup).toBeUndefined();
    const plugin = cluster.plugins.find((p) => p.name === 'barman-cloud.cloudnative-pg.io');
    expect(plugin).toMatchObject({ isWALArchiver: true });
    const store = find(prod, 'ObjectStore', plugin?.parameters?.barmanObjectName ?? '').spec as {
      retentionPolicy: string;
      configuration: { endpointURL: string };
    };
    expect(store.retentionPolicy).toMatch(/^\d+[dwm]$/);
    expect(store.configuration.endpointURL).toBe('http://minio:9000');
    const nightly = find(prod, 'ScheduledBackup', 'mirai-db-nightly').spec as {
      cluster: { name: string };
      method: string;
      pluginConfiguration: { name: string };
    };
    expect(nightly).toMatchObject({
      cluster: { name: 'mirai-db' },
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
    });
  });

  it('production Redis: replicated with three sentinels, one member per node, and Mirai connects through them', () => {
    const prod = environment('prod');
    const redis = find(prod, 'StatefulSet', 'redis').spec as { replicas: number; template: { spec: Record<string, unknown> } };
    expect(redis.replicas).toBe(3);
    const pod = redis.template.spec as {
      containers: Array<{ name: string }>;
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: Array<{ topologyKey: string }> } };
    };
    expect(pod.containers.map((c) => c.name)).toEqual(['redis', 'sentinel']);
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]?.topologyKey).toBe('kubernetes.io/hostname');
    expect((find(prod, 'PodDisruptionBudget', 'redis').spec as { maxUnavailable: number }).maxUnavailable).toBe(1);
    const config = find(prod, 'ConfigMap', 'mirai-config') as unknown as { data: Record<string, string> };
    const sentinels = (config.data.MIRAI_REDIS_SENTINELS ?? '').split(',');
    expect(sentinels).toHaveLength(3);
    for (const address of sentinels) expect(address).toMatch(/^redis-\d\.redis:26379$/);
    expect(config.data.REDIS_URL).toBeUndefined();
  });

  it('the API, worker, plugin runtime and migration Job get only variables Mirai or its plugins document', async () => {
    const known = await knownServerEnv();
    for (const env of ['dev', 'prod']) {
      const resources = environment(env);
      const config = Object.keys((find(resources, 'ConfigMap', 'mirai-config').data as Record<string, string>) ?? {});
      const direct = [
        find(resources, 'Deployment', 'api'),
        find(resources, 'Deployment', 'worker'),
        find(resources, 'Deployment', 'plugin-runtime'),
        find(resources, 'Job', 'mirai-migrate'),
      ].flatMap((resource) => podSpec(resource).containers.flatMap((container) => (container.env ?? []).map((variable) => variable.name)));
      expect([...config, ...direct].filter((name) => !known.has(name))).toEqual([]);
    }
  });

  it('API and worker pods reach the plugin runtime, which has its own limits and nothing of the database, Redis or secret key', () => {
    for (const env of ['dev', 'prod']) {
      const resources = environment(env);
      for (const name of ['api', 'worker']) {
        const env = podSpec(find(resources, 'Deployment', name)).containers[0]?.env ?? [];
        expect(env.find((variable) => variable.name === 'MIRAI_PLUGIN_RUNTIME_URL')?.value).toBe('tcp://plugin-runtime:7070');
        expect(env.some((variable) => variable.name === 'MIRAI_PLUGIN_RUNTIME_TOKEN')).toBe(true);
      }
      const runtime = podSpec(find(resources, 'Deployment', 'plugin-runtime'));
      expect(runtime.containers[0]?.resources.limits).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
      expect((find(resources, 'Service', 'plugin-runtime').spec as { ports: { port: number }[] }).ports[0]?.port).toBe(7070);
    }
  });

  it('package content has its own public host, routed to the API content port and allowed through the network policies', () => {
    for (const env of ['dev', 'prod']) {
      const resources = environment(env);
      const config = (find(resources, 'ConfigMap', 'mirai-config').data ?? {}) as Record<string, string>;
      const content = new URL(config.MIRAI_CONTENT_ORIGIN ?? '');
      expect(content.protocol).toBe('https:');
      // The app frames the player only from the origin the API serves it on (its CSP frame-src).
      const appEnv = (podSpec(find(resources, 'Deployment', 'app')).containers[0]?.env ?? []) as Array<{ name: string; valueFrom?: unknown }>;
      expect(appEnv.find((variable) => variable.name === 'MIRAI_CONTENT_ORIGIN')?.valueFrom).toEqual({
        configMapKeyRef: { name: 'mirai-config', key: 'MIRAI_CONTENT_ORIGIN' },
      });
      // Another site than the app and the API (the last two labels, enough for these example domains):
      // a sibling subdomain would be same-site, and SameSite cookies would go with package requests.
      const site = (host: string) => host.split('.').slice(-2).join('.');
      expect([new URL(config.MIRAI_APP_URL ?? '').host, new URL(config.MIRAI_PUBLIC_URL ?? '').host].map(site)).not.toContain(site(content.host));
      const tunnel = parse((find(resources, 'ConfigMap', 'cloudflared').data as { 'config.yaml': string })['config.yaml']) as {
        ingress: { hostname?: string; service: string }[];
      };
      expect(tunnel.ingress.find((rule) => rule.hostname === content.host)?.service).toBe(`http://api:${config.MIRAI_CONTENT_PORT}`);
      const service = find(resources, 'Service', 'api').spec as { ports: { name: string; port: number }[] };
      expect(service.ports.find((port) => port.name === 'content')?.port).toBe(Number(config.MIRAI_CONTENT_PORT));
      type Rule = { from?: unknown[]; to?: unknown[]; ports?: { port: number }[] };
      const policy = (name: string) => find(resources, 'NetworkPolicy', name).spec as { ingress?: Rule[]; egress?: Rule[] };
      const allows = (rules: Rule[] | undefined, peer: string, port: number) =>
        (rules ?? []).some((rule) => JSON.stringify(rule.from ?? rule.to).includes(peer) && (rule.ports ?? []).some((p) => p.port === port));
      expect(allows(policy('api').ingress, 'cloudflared', Number(config.MIRAI_CONTENT_PORT))).toBe(true);
      expect(allows(policy('cloudflared').egress, '"api"', Number(config.MIRAI_CONTENT_PORT))).toBe(true);
    }
  });

  it('an operator opens the plugin runtime to an approved CIDR with the documented patch, and only to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirai-k8s-egress-'));
    try {
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        [
          'apiVersion: kustomize.config.k8s.io/v1beta1',
          'kind: Kustomization',
          `resources: [${relative(dir, join(K8S_DIR, 'overlays', 'prod', 'app'))}]`,
          'patches:',
          '  - target: { kind: NetworkPolicy, name: plugin-runtime }',
          '    patch: |-',
          '      - op: add',
          '        path: /spec/egress/-',
          '        value: { to: [{ ipBlock: { cidr: 203.0.113.10/32 } }], ports: [{ protocol: TCP, port: 443 }] }',
          '',
        ].join('\n'),
      );
      const patched = kustomizeBuild(kubectl ?? 'kubectl', dir);
      const policy = find(patched, 'NetworkPolicy', 'plugin-runtime');
      expect((policy.spec as { egress: unknown[] }).egress).toEqual([
        { to: [{ ipBlock: { cidr: '203.0.113.10/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      ]);
      expect(validateResource(policy)).toEqual([]);
      expect(
        pluginRuntimeViolations([
          ...patched,
          ...environment('prod').filter((resource) => resource.kind === 'NetworkPolicy' && resource.metadata.name === 'allow-dns'),
        ]),
      ).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('deploy/talos provides the StorageClass every volume claims', () => {
    const storageClass = parse(
      readFileSync(join(repoRoot, 'deploy', 'talos', 'local-path-provisioner', 'storage-class.yaml'), 'utf8'),
    ) as K8sResource;
    expect(validateResource(storageClass)).toEqual([]);
    const used = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node !== null && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'storageClassName' || key === 'storageClass') && typeof value === 'string') used.add(value);
          else collect(value);
        }
    };
    collect([...builds.values()]);
    expect([...used]).toEqual([storageClass.metadata.name]);
  });

  describe('the checks reject broken manifests', () => {
    const prodCopy = () => structuredClone(environment('prod'));

    it('schema validation rejects a wrong type, a misplaced CRD field, a bad enum and an unknown kind', () => {
      const [deployment, cluster] = [find(prodCopy(), 'Deployment', 'api'), find(prodCopy(), 'Cluster', 'mirai-db')];
      (deployment.spec as { replicas: unknown }).replicas = 'three';
      expect(validateResource(deployment).join()).toMatch(/replicas must be integer/);
      const spec = cluster.spec as { postgresql: { failoverQuorum?: boolean; synchronous: { failoverQuorum?: boolean; method: string } } };
      delete spec.postgresql.synchronous.failoverQuorum;
      spec.postgresql.failoverQuorum = true;
      expect(validateResource(cluster).join()).toMatch(/\/spec\/postgresql must NOT have additional properties \(failoverQuorum\)/);
      spec.postgresql.synchronous.method = 'all';
      expect(validateResource(cluster).join()).toMatch(/\/spec\/postgresql\/synchronous\/method must be equal to one of the allowed values/);
      expect(validateResource({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }).join()).toMatch(
        /no schema for example.com\/v1 Widget/,
      );
    });

    it('workload policy flags missing limits, a latest tag, a plain-text secret, root, a writable root and a missing probe', () => {
      const api = find(prodCopy(), 'Deployment', 'api');
      const pod = podSpec(api);
      const container = pod.containers[0] as ContainerShape;
      delete container.resources.limits;
      container.image = 'ghcr.io/mirai-lms/mirai-api:latest';
      container.env = [...(container.env ?? []), { name: 'GEMINI_API_KEY', value: 'AIza-not-a-real-key' }];
      container.securityContext.readOnlyRootFilesystem = false;
      delete container.readinessProbe;
      pod.securityContext = { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } };
      const found = workloadViolations([api]).join('\n');
      for (const expected of [
        'no cpu limits',
        'no memory limits',
        'is not pinned',
        'GEMINI_API_KEY is a plain-text secret',
        'root filesystem is writable',
        'no readiness probe',
        'runAsNonRoot is not true',
      ])
        expect(found).toContain(expected);
      container.image = 'ghcr.io/mirai-lms/mirai-api';
      expect(workloadViolations([api]).join()).toContain('is not pinned');
    });

    it('flags a plugin runtime with a service-account token, the database URL, another Secret or a path to postgres or redis', () => {
      const prod = prodCopy();
      const runtime = find(prod, 'Deployment', 'plugin-runtime');
      const pod = (runtime.spec as { template: { spec: { automountServiceAccountToken?: boolean; containers: { env: object[] }[] } } }).template.spec;
      pod.automountServiceAccountToken = true;
      pod.containers[0]?.env.push({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'mirai-db-app', key: 'uri' } } });
      const policy = find(prod, 'NetworkPolicy', 'plugin-runtime').spec as { egress: object[]; ingress: { from: object[] }[] };
      policy.egress.push({ to: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': 'mirai-db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] });
      policy.egress.push({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } } }] });
      policy.egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] });
      policy.ingress[0]?.from.push({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'app' } } });
      const found = pluginRuntimeViolations(prod).join('\n');
      for (const expected of [
        'mounts a service-account token',
        'gets DATABASE_URL',
        'reads another Secret',
        'reach pods (StatefulSet/redis',
        'reach any address',
        'lets app connect to the plugin runtime',
      ])
        expect(found).toContain(expected);
      expect(found).toMatch(/reach pods \([^)]*Cluster|reach pods \(by selector\)/);
    });

    it('flags a committed Secret, a Deployment without a PDB and a namespace without default deny', () => {
      const committed = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak' }, stringData: { password: 'hunter2' } };
      expect(secretViolations([committed])).toHaveLength(1);
      const withoutBudgets = prodCopy().filter((resource) => resource.kind !== 'PodDisruptionBudget');
      expect(availabilityViolations(withoutBudgets).join()).toContain('Deployment/api: 3 replicas but no PodDisruptionBudget');
      expect(defaultDenyViolations(prodCopy().filter((resource) => resource.metadata.name !== 'default-deny'))).toHaveLength(1);
    });
  });
});
