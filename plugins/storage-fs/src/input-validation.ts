import { assertValidStorageKey, MAX_PRESIGN_EXPIRES_SECONDS, PluginError } from '@mirai/sdk-plugin';

export { assertValidContentType, assertValidExpiry, assertValidFileName, assertValidSize, assertValidTenantId } from '@mirai/sdk-plugin';

/** Most file systems' NAME_MAX. */
const MAX_SEGMENT_BYTES = 255;
/** Sidecar suffix: no key segment may end with it, so no object can shadow another's metadata. */
export const META_SUFFIX = '.meta.json';
export const MAX_EXPIRES_SECONDS = MAX_PRESIGN_EXPIRES_SECONDS;

const bad = (message: string): never => {
  throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', message);
};

/** The SDK's key rules, plus what a file system needs: short enough segments, no sidecar names. */
export function assertValidKey(key: unknown): string {
  const valid = assertValidStorageKey(key);
  for (const segment of valid.split('/')) {
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      return bad(`Each "/"-separated part of a storage key must be at most ${MAX_SEGMENT_BYTES} bytes`);
    if (segment.endsWith(META_SUFFIX)) return bad(`Storage keys must not end a segment with "${META_SUFFIX}" (reserved for metadata)`);
  }
  return valid;
}
