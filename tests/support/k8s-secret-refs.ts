// Which Secrets (and keys) manifests reference, so a test can check each is documented in
// deploy/k8s/secrets.example.yaml with a placeholder value.
import type { K8sResource } from './k8s-manifests.ts';

export interface SecretRef {
  name: string;
  /** undefined when the whole Secret is used (envFrom, volumes, CloudNativePG role passwords). */
  key?: string;
  from: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function walk(node: unknown, from: string, refs: SecretRef[]): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, from, refs);
    return;
  }
  if (!isRecord(node)) return;
  for (const [field, value] of Object.entries(node)) {
    if (field === 'secretKeyRef' && isRecord(value)) refs.push({ name: String(value.name), key: String(value.key), from });
    else if ((field === 'secretRef' || field === 'passwordSecret') && isRecord(value)) refs.push({ name: String(value.name), from });
    else if (field === 'secretName' && typeof value === 'string') refs.push({ name: value, from });
    else if (field === 's3Credentials' && isRecord(value)) {
      for (const credential of Object.values(value))
        if (isRecord(credential)) refs.push({ name: String(credential.name), key: String(credential.key), from });
    } else walk(value, from, refs);
  }
}

export function secretReferences(resources: K8sResource[]): SecretRef[] {
  const refs: SecretRef[] = [];
  for (const resource of resources) walk(resource, `${resource.kind}/${resource.metadata.name}`, refs);
  return refs;
}
