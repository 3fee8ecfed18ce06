import { PluginError, type PresignedRequest, type StorageProvider, type TenantContext } from '@mirai/sdk-plugin';
import type { FsObjectStore } from './fs-object-store.ts';
import {
  assertValidContentType,
  assertValidExpiry,
  assertValidFileName,
  assertValidKey,
  assertValidSize,
  assertValidTenantId,
} from './input-validation.ts';
import { signGrant, type UrlGrant } from './url-signing.ts';

export interface FsStorageProviderDeps {
  store: FsObjectStore;
  signingKey: () => Promise<Buffer>;
  /** Absolute base URL of the plugin's routes (`context.http.baseUrl`). */
  baseUrl: string;
  maxUploadBytes: number;
}

/** The key as a URL path below `/objects/`, each segment percent-encoded; the last one gives browsers a file name. */
const keyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/');

export function createFsStorageProvider(deps: FsStorageProviderDeps): StorageProvider {
  const { store } = deps;
  const scope = (key: string, tenant: TenantContext) => ({ tenantId: assertValidTenantId(tenant.tenantId), key: assertValidKey(key) });

  async function signedUrl(grant: UrlGrant): Promise<PresignedRequest> {
    const query: Record<string, string> = { tenant: grant.tenant, key: grant.key, expires: String(grant.expires) };
    if (grant.size !== undefined) query.size = String(grant.size);
    if (grant.type !== undefined) query.type = grant.type;
    if (grant.name !== undefined) query.name = grant.name;
    query.sig = signGrant(await deps.signingKey(), grant);
    const headers: Record<string, string> =
      grant.method === 'PUT' ? { 'Content-Type': grant.type ?? '', 'Content-Length': String(grant.size ?? 0) } : {};
    return {
      url: `${deps.baseUrl}/objects/${keyPath(grant.key)}?${new URLSearchParams(query)}`,
      method: grant.method,
      headers,
      expiresAt: new Date(grant.expires * 1000),
    };
  }

  const expiresAt = (seconds: number) => Math.floor(Date.now() / 1000) + assertValidExpiry(seconds);

  return {
    async put(key, body, options, tenant) {
      const scoped = scope(key, tenant);
      return store.write(scoped.tenantId, scoped.key, body, assertValidContentType(options.contentType));
    },
    async get(key, tenant) {
      const scoped = scope(key, tenant);
      return store.read(scoped.tenantId, scoped.key);
    },
    async head(key, tenant) {
      const scoped = scope(key, tenant);
      return store.stat(scoped.tenantId, scoped.key);
    },
    async delete(key, tenant) {
      const scoped = scope(key, tenant);
      await store.remove(scoped.tenantId, scoped.key);
    },
    async copy(fromKey, toKey, tenant) {
      const from = scope(fromKey, tenant);
      const to = assertValidKey(toKey);
      const copied = await store.copy(from.tenantId, from.key, to);
      if (copied === null) throw new PluginError('MIRAI_ERR_PLUGIN_NOT_FOUND', `There is no object "${fromKey}" to copy`);
    },
    async presignUpload(input, tenant) {
      const scoped = scope(input.key, tenant);
      return signedUrl({
        method: 'PUT',
        tenant: scoped.tenantId,
        key: scoped.key,
        type: assertValidContentType(input.contentType),
        size: assertValidSize(input.size, deps.maxUploadBytes),
        expires: expiresAt(input.expiresInSeconds),
      });
    },
    async presignDownload(input, tenant) {
      const scoped = scope(input.key, tenant);
      const grant: UrlGrant = { method: 'GET', tenant: scoped.tenantId, key: scoped.key, expires: expiresAt(input.expiresInSeconds) };
      if (input.fileName !== undefined) grant.name = assertValidFileName(input.fileName);
      return signedUrl(grant);
    },
  };
}
