import { PluginError } from '@mirai/sdk-plugin';

/** S3's limit on a whole object name (prefix and tenant included). */
const MAX_KEY_BYTES = 1024;
/** The largest single PUT S3 accepts (5 GiB), hence the largest presigned upload. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;
/** The longest lifetime a presigned URL may have (S3's limit: 7 days). */
export const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const CONTENT_TYPE = /^[\w!#$&^.+'*`|~-]+\/[\w!#$&^.+'*`|~-]+(?:[ \t]*;[ \t]*[\w!#$&^.+'*`|~-]+=(?:[\w!#$&^.+'*`|~-]+|"[^"\\]*"))*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

const bad = (message: string): never => {
  throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', message);
};

/**
 * A key is a relative, normalized, `/`-separated path: no empty, `.` or `..` segments, no leading
 * `/`, no backslashes, drive letters, control characters (NUL included) or lone surrogates. S3
 * itself would accept `../x`, but some gateways and SDKs normalize such paths, and keys must mean
 * the same on every provider, so the rules are those of storage-fs.
 */
export function assertValidKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) return bad('A storage key must be a non-empty string');
  if (!key.isWellFormed()) return bad('A storage key must be well-formed Unicode');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return bad(`A storage key must be at most ${MAX_KEY_BYTES} bytes`);
  if (CONTROL.test(key)) return bad('A storage key must not contain control characters');
  if (key.includes('\\')) return bad('A storage key must not contain backslashes');
  if (key.startsWith('/')) return bad('A storage key must be relative (no leading "/")');
  if (/^[A-Za-z]:/.test(key)) return bad('A storage key must not start with a drive letter');
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..')
      return bad(`A storage key must be normalized: "${key}" has an empty, "." or ".." segment`);
  }
  return key;
}

export function assertValidTenantId(tenantId: unknown): string {
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) return bad('The tenant id is not a valid storage namespace');
  return tenantId;
}

export function assertValidContentType(contentType: unknown): string {
  if (typeof contentType !== 'string' || contentType.length > 255 || CONTROL.test(contentType) || !CONTENT_TYPE.test(contentType))
    return bad('The content type must be a media type such as "application/pdf"');
  return contentType;
}

export function assertValidExpiry(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_EXPIRES_SECONDS)
    return bad(`expiresInSeconds must be an integer from 1 to ${MAX_EXPIRES_SECONDS}`);
  return seconds;
}

export function assertValidSize(size: unknown, maxBytes: number): number {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return bad('size must be a non-negative integer');
  if (size > maxBytes) return bad(`size must be at most ${maxBytes} bytes`);
  return size;
}

export function assertValidFileName(fileName: unknown): string {
  if (typeof fileName !== 'string' || fileName.length === 0 || fileName.length > 255 || CONTROL.test(fileName) || !fileName.isWellFormed())
    return bad('fileName must be 1 to 255 printable characters');
  return fileName;
}

/** The full object name `<prefix><tenantId>/<key>`, within S3's 1024-byte limit. */
export function objectName(prefix: string, tenantId: string, key: string): string {
  const name = `${prefix}${assertValidTenantId(tenantId)}/${assertValidKey(key)}`;
  if (Buffer.byteLength(name) > MAX_KEY_BYTES) return bad(`The object name "${name}" exceeds S3's ${MAX_KEY_BYTES}-byte limit`);
  return name;
}
