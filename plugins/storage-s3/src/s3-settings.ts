import { isIP } from 'node:net';
import { type JsonObject, type JsonSchema, PluginError } from '@mirai/sdk-plugin';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_PREFIX = 'tenants/';

/** A tenant's S3 settings, checked and with defaults applied. */
export interface S3Settings {
  endpoint: URL;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  /** Ends with `/` or is empty. */
  prefix: string;
  pathStyle: boolean;
}

export const configSchema: JsonSchema = {
  type: 'object',
  title: 'S3-compatible storage',
  description: 'Objects are stored as <prefix><tenantId>/<key> in one bucket of an S3-compatible service (AWS S3, MinIO, Ceph RGW, R2, ...).',
  required: ['endpoint', 'accessKey', 'secretKey', 'bucket'],
  additionalProperties: false,
  properties: {
    endpoint: {
      type: 'string',
      title: 'Endpoint',
      description: 'Base URL of the S3 API, e.g. https://s3.eu-central-1.amazonaws.com or http://minio:9000.',
      format: 'uri',
      pattern: '^https?://',
    },
    region: { type: 'string', title: 'Region', description: 'Signing region.', default: DEFAULT_REGION, minLength: 1 },
    accessKey: { type: 'string', title: 'Access key', minLength: 1 },
    secretKey: { type: 'string', title: 'Secret key', minLength: 1, writeOnly: true },
    bucket: { type: 'string', title: 'Bucket', description: 'Created on first use if missing.', minLength: 3, maxLength: 63 },
    prefix: {
      type: 'string',
      title: 'Key prefix',
      description: 'Prepended to every object name; empty or ending with "/".',
      default: DEFAULT_PREFIX,
      pattern: '^(?:[^/\\\\]+/)*$',
    },
    pathStyle: {
      type: 'boolean',
      title: 'Path-style URLs',
      description: 'Address the bucket as https://host/bucket (MinIO and most self-hosted services) rather than https://bucket.host.',
      default: true,
    },
  },
};

const bad = (message: string): never => {
  throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `storage-s3 is misconfigured: ${message}`);
};

function requiredString(config: JsonObject, name: string): string {
  const value = config[name];
  return typeof value === 'string' && value.length > 0 ? value : bad(`"${name}" must be a non-empty string`);
}

function optionalString(config: JsonObject, name: string, fallback: string): string {
  const value = config[name];
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : bad(`"${name}" must be a string`);
}

function parseEndpoint(raw: string): URL {
  let endpoint: URL;
  try {
    endpoint = new URL(raw);
  } catch {
    return bad(`"endpoint" is not a URL: ${raw}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') return bad('"endpoint" must be an http or https URL');
  if ((endpoint.pathname !== '/' && endpoint.pathname !== '') || endpoint.search !== '' || endpoint.username !== '' || endpoint.password !== '')
    return bad('"endpoint" must be just a scheme, host and optional port');
  return endpoint;
}

function parsePrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const segments = prefix.split('/');
  const valid =
    prefix.endsWith('/') &&
    segments.slice(0, -1).every((segment) => segment !== '' && segment !== '.' && segment !== '..' && !segment.includes('\\'));
  return valid ? prefix : bad('"prefix" must be empty or like "tenants/" (relative, "/"-separated, ending with "/")');
}

export function parseS3Config(config: JsonObject): S3Settings {
  const pathStyle = config.pathStyle ?? true;
  if (typeof pathStyle !== 'boolean') return bad('"pathStyle" must be a boolean');
  const endpoint = parseEndpoint(requiredString(config, 'endpoint'));
  if (!pathStyle && isIP(endpoint.hostname.replace(/^\[(.*)\]$/, '$1')) !== 0)
    return bad('virtual-host addressing ("pathStyle": false) needs an endpoint with a DNS name, not an IP address');
  return {
    endpoint,
    region: optionalString(config, 'region', DEFAULT_REGION) || DEFAULT_REGION,
    accessKey: requiredString(config, 'accessKey'),
    secretKey: requiredString(config, 'secretKey'),
    bucket: requiredString(config, 'bucket'),
    prefix: parsePrefix(optionalString(config, 'prefix', DEFAULT_PREFIX)),
    pathStyle,
  };
}
