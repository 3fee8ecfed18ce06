import { PluginError } from '@mirai/sdk-plugin';

/** S3's limit, kept here too so keys move between providers. */
const MAX_KEY_BYTES = 1024;
/** Most file systems' NAME_MAX. */
const MAX_SEGMENT_BYTES = 255;
/** Sidecar suffix: no key segment may end with it, so no object can shadow another's metadata. */
export const META_SUFFIX = '.meta.json';
/** The longest lifetime a signed URL may have (S3's limit: 7 days). */
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
 * `/`, no backslashes, drive letters, control characters (NUL included) or lone surrogates. Such a
 * key joined below the tenant's directory can only name something below it.
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
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      return bad(`Each "/"-separated part of a storage key must be at most ${MAX_SEGMENT_BYTES} bytes`);
    if (segment.endsWith(META_SUFFIX)) return bad(`Storage keys must not end a segment with "${META_SUFFIX}" (reserved for metadata)`);
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
