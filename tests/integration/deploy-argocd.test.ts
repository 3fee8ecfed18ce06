// deploy/argocd and the files its Applications point at: every Application and AppProject
// validates against Argo CD's CRD schema, every repository path and Helm value file exists, the
// Kratos identity schema on the cluster is the compose one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type K8sResource, overlayDirs, parseManifests } from '../support/k8s-manifests.ts';
import { validateResource } from '../support/k8s-schema-validation.ts';
import { repoRoot } from '../support/paths.ts';

const REPO_URL = 'https://github.com/mirai-lms/mirai.git';
const argoDir = join(repoRoot, 'deploy', 'argocd');

interface Source {
  repoURL: string;
  path?: string;
  chart?: string;
  targetRevision: string;
  ref?: string;
  helm?: { valueFiles?: string[] };
}
function applications(): K8sResource[] {
  const files = [
    join(argoDir, 'project.yaml'),
    join(argoDir, 'root.yaml'),
    ...readdirSync(join(argoDir, 'apps')).map((file) => join(argoDir, 'apps', file)),
  ];
  return files.flatMap((file) => parseManifests(readFileSync(file, 'utf8'), file));
}
function sourcesOf(app: K8sResource): Source[] {
  const spec = app.spec as { source?: Source; sources?: Source[] };
  return spec.sources ?? (spec.source === undefined ? [] : [spec.source]);
}
/** Repository paths an Application reads: its `path`, and value files given as $values/<path>. */
function repoPathsOf(app: K8sResource): string[] {
  return sourcesOf(app).flatMap((source) => [
    ...(source.repoURL === REPO_URL && source.path !== undefined ? [source.path] : []),
    ...(source.helm?.valueFiles ?? []).map((file) => file.replace(/^\$values\//, '')),
  ]);
}

describe('Argo CD applications', () => {
  it('every Application and AppProject validates against the Argo CD CRD schema', () => {
    const all = applications();
    expect(all.map((app) => app.kind)).toContain('AppProject');
    expect(all.filter((app) => app.kind === 'Application').length).toBeGreaterThanOrEqual(8);
    expect(all.flatMap((app) => validateResource(app).map((error) => `${app.metadata.name}: ${error}`))).toEqual([]);
  });

  it('rejects an Application with a misspelt field (the validation can fail)', () => {
    const [app] = applications().filter((candidate) => candidate.kind === 'Application');
    const broken = structuredClone(app) as K8sResource & { spec: Record<string, unknown> };
    broken.spec.syncPolcy = broken.spec.syncPolicy;
    expect(validateResource(broken).join()).toMatch(/\/spec must NOT have additional properties \(syncPolcy\)/);
  });

  it('every repository path and Helm value file an Application reads exists, and every overlay is deployed', () => {
    const apps = applications().filter((app) => app.kind === 'Application');
    const missing = apps.flatMap((app) =>
      repoPathsOf(app)
        .filter((path) => !existsSync(join(repoRoot, path)))
        .map((path) => `${app.metadata.name}: ${path}`),
    );
    expect(missing).toEqual([]);
    const deployed = new Set(apps.flatMap(repoPathsOf));
    for (const dir of overlayDirs()) expect(deployed).toContain(dir.slice(repoRoot.length).replace(/^\//, ''));
  });

  it('charts are pinned to a version, the repository to a branch', () => {
    for (const source of applications().flatMap(sourcesOf)) {
      // Exact chart versions (jetstack's carry a leading v), never a range.
      if (source.chart !== undefined) expect(source.targetRevision).toMatch(/^v?\d+\.\d+\.\d+$/);
      else expect(source.targetRevision).toBe('main');
    }
  });

  it('cert-manager syncs before the Barman Cloud plugin that needs its certificates, from a repository and into a namespace the project allows', () => {
    const apps = applications();
    const wave = (name: string) => Number(apps.find((app) => app.metadata.name === name)?.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
    expect(wave('cert-manager')).toBeLessThan(wave('barman-cloud-plugin'));
    const project = apps.find((app) => app.kind === 'AppProject') as unknown as {
      spec: { sourceRepos: string[]; destinations: { namespace: string }[] };
    };
    for (const app of apps.filter((candidate) => candidate.kind === 'Application')) {
      const spec = app.spec as { source?: { repoURL: string }; sources?: { repoURL: string }[]; destination: { namespace: string } };
      for (const source of spec.sources ?? (spec.source === undefined ? [] : [spec.source]))
        expect(project.spec.sourceRepos).toContain(source.repoURL);
      expect(project.spec.destinations.map((destination) => destination.namespace)).toContain(spec.destination.namespace);
    }
  });

  it('the Kratos chart values carry the same identity schema as the compose stack', () => {
    const values = parse(readFileSync(join(repoRoot, 'deploy', 'k8s', 'kratos', 'values.yaml'), 'utf8')) as {
      kratos: { identitySchemas: Record<string, string>; config: { identity: { schemas: { url: string }[] } } };
      secret: { enabled: boolean; nameOverride: string };
    };
    const composeSchema = JSON.parse(readFileSync(join(repoRoot, 'deploy', 'kratos', 'identity.schema.json'), 'utf8')) as unknown;
    expect(JSON.parse(values.kratos.identitySchemas['identity.schema.json'] ?? 'null')).toEqual(composeSchema);
    expect(values.kratos.config.identity.schemas[0]?.url).toBe('file:///etc/config/identity.schema.json');
    // The chart must not generate secrets of its own: they come from the documented Secret.
    expect(values.secret).toEqual({ enabled: false, nameOverride: 'kratos-secrets' });
    expect(readFileSync(join(repoRoot, 'deploy', 'k8s', 'secrets.example.yaml'), 'utf8')).toContain('name: kratos-secrets');
  });

  it('Kratos renders its flows on the sign-in UI, never on the app, whose sign-in page redirects to Kratos (a loop)', () => {
    const uiUrls = (file: string) =>
      [...readFileSync(join(repoRoot, 'deploy', file), 'utf8').matchAll(/ui_url: (\S+?)[,\s}]/g)].map((match) => new URL(match[1] ?? '').origin);
    expect(new Set(uiUrls('kratos/kratos.yml'))).toEqual(new Set(['http://localhost:4455']));
    expect(new Set(uiUrls('k8s/kratos/values.yaml'))).toEqual(new Set(['https://auth.mirai.example']));
    expect(new Set(uiUrls('k8s/kratos/values-dev.yaml'))).toEqual(new Set(['https://auth.dev.mirai.example']));
    expect(uiUrls('k8s/kratos/values.yaml')).toHaveLength(6);
  });
});
