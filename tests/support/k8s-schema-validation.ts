// Validates built manifests: built-in kinds against the Kubernetes OpenAPI schemas shipped in
// kubernetes-models, custom resources against the vendored CRD schemas. A kind with neither is
// an error, so a new resource type cannot slip in unchecked.
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as storageV1 from 'kubernetes-models/storage.k8s.io/v1';
import * as coreV1 from 'kubernetes-models/v1';
import { validateCustomResource } from './k8s-crd-schemas.ts';
import type { K8sResource } from './k8s-manifests.ts';

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: Record<string, unknown>): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
  return typeof value === 'function' && typeof Reflect.get(value, 'apiVersion') === 'string' && typeof Reflect.get(value, 'kind') === 'string';
}

const BUILT_IN = new Map<string, ModelClass>();
for (const group of [coreV1, appsV1, batchV1, policyV1, networkingV1, rbacV1, storageV1])
  for (const value of Object.values(group)) if (isModelClass(value)) BUILT_IN.set(`${value.apiVersion}/${value.kind}`, value);

/** Schema errors of one resource; empty when it is valid. */
export function validateResource(resource: K8sResource): string[] {
  const Model = BUILT_IN.get(`${resource.apiVersion}/${resource.kind}`);
  if (Model !== undefined) {
    try {
      new Model(resource).validate();
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }
  return (
    validateCustomResource(resource) ?? [`no schema for ${resource.apiVersion} ${resource.kind}: vendor its CRD (tests/support/k8s-crd-vendor.ts)`]
  );
}
