// Builds the kustomize overlays under deploy/k8s with the machine's kubectl (Debian's
// kubernetes-client, which bundles kustomize) and parses the result into plain objects.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './paths.ts';

export interface K8sResource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export const K8S_DIR = join(repoRoot, 'deploy', 'k8s');

/** The kubectl binary, or null when the machine has none (CI installs Debian's kubernetes-client). */
export function findKubectl(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, 'kubectl');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Every overlay directory (deploy/k8s/overlays/<env>/<layer>) that has a kustomization.yaml. */
export function overlayDirs(): string[] {
  const root = join(K8S_DIR, 'overlays');
  const dirs: string[] = [];
  for (const env of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()))
    for (const layer of readdirSync(join(root, env.name), { withFileTypes: true }).filter((entry) => entry.isDirectory()))
      if (existsSync(join(root, env.name, layer.name, 'kustomization.yaml'))) dirs.push(join(root, env.name, layer.name));
  return dirs.sort();
}

export function parseManifests(text: string, source: string): K8sResource[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]?.message}`);
      return document.toJS() as K8sResource | null;
    })
    .filter((resource): resource is K8sResource => resource !== null);
}

export function kustomizeBuild(kubectl: string, dir: string): K8sResource[] {
  const result = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${relative(repoRoot, dir)} failed: ${result.stderr || result.error?.message}`);
  return parseManifests(result.stdout, dir);
}

/** "Kind/name" for messages. */
export function describe(resource: K8sResource): string {
  return `${resource.kind}/${resource.metadata.name}`;
}
