import { PluginError } from './errors.ts';

/**
 * Input rules every storage provider applies, so keys, types and lifetimes mean the same on every
 * provider (the storage contract suite checks them). Each function returns the value or throws
 * PluginError MIRAI_ERR_PLUGIN_BAD_INPUT.
 */

/** S3's limit on an object name, kept for every provider so keys move between them. */
export const MAX_STORAGE_KEY_BYTES = 1024;
/** The longest lifetime a presigned URL may have (S3's limit: 7 days). */
export const MAX_PRESIGN_EXPIRES_SECONDS = 7 * 24 * 3600;

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const CONTENT_TYPE = /^[\w!#$&^.+'*`|~-]+\/[\w!#$&^.+'*`|~-]+(?:[ \t]*;[ \t]*[\w!#$&^.+'*`|~-]+=(?:[\w!#$&^.+'*`|~-]+|"[^"\\]*"))*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;
const encoder = new TextEncoder();

const bad = (message: string): never => {
  throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', message);
};

/**
 * A key is a relative, normalized, `/`-separated path: no empty, `.` or `..` segments, no leading
 * `/`, no backslashes, drive letters, control characters (NUL included) or lone surrogates. Such a
 * key joined below a tenant's directory or prefix can only name something below it.
 */
export function assertValidStorageKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) return bad('A storage key must be a non-empty string');
  if (!key.isWellFormed()) return bad('A storage key must be well-formed Unicode');
  if (encoder.encode(key).length > MAX_STORAGE_KEY_BYTES) return bad(`A storage key must be at most ${MAX_STORAGE_KEY_BYTES} bytes`);
  if (CONTROL.test(key)) return bad('A storage key must not contain control characters');
  if (key.includes('\\')) return bad('A storage key must not contain backslashes');
  if (key.startsWith('/')) return bad('A storage key must be relative (no leading "/")');
  if (/^[A-Za-z]:/.test(key)) return bad('A storage key must not start with a drive letter');
  for (const segment of key.split('/'))
    if (segment === '' || segment === '.' || segment === '..')
      return bad(`A storage key must be normalized: "${key}" has an empty, "." or ".." segment`);
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
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_EXPIRES_SECONDS)
    return bad(`expiresInSeconds must be an integer from 1 to ${MAX_PRESIGN_EXPIRES_SECONDS}`);
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
