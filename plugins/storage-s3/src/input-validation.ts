import { assertValidStorageKey, assertValidTenantId, MAX_PRESIGN_EXPIRES_SECONDS, MAX_STORAGE_KEY_BYTES, PluginError } from '@mirai/sdk-plugin';

export { assertValidContentType, assertValidExpiry, assertValidFileName, assertValidSize, assertValidTenantId } from '@mirai/sdk-plugin';

/** The largest single PUT S3 accepts (5 GiB), hence the largest presigned upload. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;
export const MAX_EXPIRES_SECONDS = MAX_PRESIGN_EXPIRES_SECONDS;
const MAX_KEY_BYTES = MAX_STORAGE_KEY_BYTES;
// S3 itself would accept `../x`, but some gateways normalize such paths; the SDK's rules keep keys meaning the same everywhere.
export const assertValidKey = assertValidStorageKey;

const bad = (message: string): never => {
  throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', message);
};

/** The full object name `<prefix><tenantId>/<key>`, within S3's 1024-byte limit. */
export function objectName(prefix: string, tenantId: string, key: string): string {
  const name = `${prefix}${assertValidTenantId(tenantId)}/${assertValidKey(key)}`;
  if (Buffer.byteLength(name) > MAX_KEY_BYTES) return bad(`The object name "${name}" exceeds S3's ${MAX_KEY_BYTES}-byte limit`);
  return name;
}
