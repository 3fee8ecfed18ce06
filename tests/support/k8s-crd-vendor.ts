// Vendors the `spec` schema of CustomResourceDefinitions into deploy/k8s/schemas/, so the deploy
// tests validate custom resources (CloudNativePG, Argo CD) offline against the operators' own
// OpenAPI schemas. Descriptions and `status` are dropped: the tests never validate status, and
// without prose the files stay small enough to review.
//
//   node tests/support/k8s-crd-vendor.ts <source label> <crd.yaml>...
//   npx -y pnpm@10 exec biome format --write deploy/k8s/schemas
// The files there come from cloudnative-pg v1.28.1 (config/crd/bases: clusters, scheduledbackups,
// databases), argo-cd v3.5.1 (manifests/crds: application, appproject), prometheus-operator
// v0.93.0 (example/prometheus-operator-crd: podmonitors, prometheusrules) and plugin-barman-cloud v0.10.0
// (config/crd/bases: objectstores; all read from the repositories
// through the code-search mirror, as no container registry or GitHub download is reachable here).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SCHEMA_DIR, type VendoredCrdSchema } from './k8s-crd-schemas.ts';

interface CrdVersion {
  name: string;
  schema?: { openAPIV3Schema?: { properties?: Record<string, unknown> } };
}
interface Crd {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

/** Drops the `description` keyword from a schema; a property that happens to be named "description" stays. */
function withoutDescriptions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'description') continue;
    out[keyword] =
      keyword === 'properties' && value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([name, property]) => [name, withoutDescriptions(property)]))
        : withoutDescriptions(value);
  }
  return out;
}

const [source, ...files] = process.argv.slice(2);
if (source === undefined || files.length === 0) throw new Error('usage: k8s-crd-vendor.ts <source label> <crd.yaml>...');
for (const file of files) {
  const crd = parse(readFileSync(file, 'utf8')) as Crd;
  if (crd.kind !== 'CustomResourceDefinition') throw new Error(`${file} is not a CustomResourceDefinition`);
  for (const version of crd.spec.versions) {
    const root = version.schema?.openAPIV3Schema;
    if (root?.properties === undefined) continue;
    const { status: _status, ...properties } = root.properties;
    const vendored: VendoredCrdSchema = {
      source,
      apiVersion: `${crd.spec.group}/${version.name}`,
      kind: crd.spec.names.kind,
      schema: withoutDescriptions({ ...root, properties }) as Record<string, unknown>,
    };
    const name = `${crd.spec.group}_${version.name}_${crd.spec.names.kind}.json`.toLowerCase();
    writeFileSync(join(SCHEMA_DIR, name), `${JSON.stringify(vendored)}\n`);
    process.stdout.write(`${name}\n`);
  }
}
