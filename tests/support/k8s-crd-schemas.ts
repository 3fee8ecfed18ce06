// Validation of custom resources (CloudNativePG, Argo CD, prometheus-operator) against the operators' CRD schemas
// vendored in deploy/k8s/schemas/ by k8s-crd-vendor.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { repoRoot } from './paths.ts';

export const SCHEMA_DIR = join(repoRoot, 'deploy', 'k8s', 'schemas');

export interface VendoredCrdSchema {
  /** Where the CRD came from, e.g. "cloudnative-pg v1.28.4". */
  source: string;
  apiVersion: string;
  kind: string;
  schema: Record<string, unknown>;
}

/**
 * The API server prunes unknown fields, so a misspelt or misplaced field in a manifest silently
 * does nothing. Closing every object that lists its properties (unless the CRD says it keeps
 * unknown fields) turns that into an error, as `kubectl apply --validate=strict` would.
 */
export function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) out[key] = key === 'enum' || key === 'default' ? child : closeObjects(child);
  const keepsUnknown = out['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties !== undefined && out.additionalProperties === undefined && !keepsUnknown) out.additionalProperties = false;
  return out;
}

interface SchemaEntry {
  source: string;
  schema: Record<string, unknown>;
  validate?: ValidateFunction;
}

/**
 * CRD patterns are Go regular expressions; prometheus-operator's use the Go flag `(?i)` (after `^`,
 * so for the whole match), which JavaScript spells as the `i` flag.
 */
const goRegExp = Object.assign(
  (pattern: string, flags: string) =>
    pattern.includes('(?i)') ? new RegExp(pattern.replaceAll('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags),
  { code: 'new RegExp' },
);

// CRD schemas use Kubernetes' own keywords (x-kubernetes-*) and formats (int32, int-or-string).
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });

function loadSchemas(): Map<string, SchemaEntry> {
  const entries = new Map<string, SchemaEntry>();
  for (const file of readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.json'))) {
    const vendored = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as VendoredCrdSchema;
    entries.set(`${vendored.apiVersion}/${vendored.kind}`, { source: vendored.source, schema: vendored.schema });
  }
  return entries;
}

let cached: Map<string, SchemaEntry> | undefined;

/** Errors of one custom resource against its CRD schema, or null when no schema is vendored for it. */
export function validateCustomResource(resource: { apiVersion?: unknown; kind?: unknown }): string[] | null {
  cached ??= loadSchemas();
  const entry = cached.get(`${String(resource.apiVersion)}/${String(resource.kind)}`);
  if (entry === undefined) return null;
  // Compiling a large CRD schema takes seconds, so only the kinds a test meets are compiled.
  entry.validate ??= ajv.compile(closeObjects(entry.schema) as Record<string, unknown>);
  if (entry.validate(resource)) return [];
  return (entry.validate.errors ?? []).map((error) => {
    const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
    return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra} [${entry.source}]`;
  });
}
