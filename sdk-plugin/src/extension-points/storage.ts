import type { JsonObject } from '../json-schema.ts';
import type { TenantContext } from './tenant-context.ts';

export interface StoredObjectInfo {
  key: string;
  size: number;
  contentType: string;
  /** Hex SHA-256 of the content where the store knows it. */
  sha256?: string;
  lastModified?: Date;
}

export interface PresignedRequest {
  url: string;
  method: 'PUT' | 'GET';
  /** Headers the client must send for the signature to hold (e.g. Content-Type). */
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface PresignUploadInput {
  key: string;
  contentType: string;
  /** Exact byte size the upload must have; bound into the signature. */
  size: number;
  expiresInSeconds: number;
}

export interface PresignDownloadInput {
  key: string;
  expiresInSeconds: number;
  /** Suggested file name for Content-Disposition. */
  fileName?: string;
}

/**
 * Object storage. Keys are relative to the tenant: the provider scopes them (bucket or prefix
 * per tenant) so one tenant can never address another's objects.
 */
export interface StorageProvider<Config extends JsonObject = JsonObject> {
  put(
    key: string,
    body: Uint8Array | AsyncIterable<Uint8Array>,
    options: { contentType: string },
    tenant: TenantContext<Config>,
  ): Promise<StoredObjectInfo>;
  /** Null when the object does not exist. */
  get(key: string, tenant: TenantContext<Config>): Promise<{ info: StoredObjectInfo; body: AsyncIterable<Uint8Array> } | null>;
  head(key: string, tenant: TenantContext<Config>): Promise<StoredObjectInfo | null>;
  delete(key: string, tenant: TenantContext<Config>): Promise<void>;
  copy(fromKey: string, toKey: string, tenant: TenantContext<Config>): Promise<void>;
  presignUpload(input: PresignUploadInput, tenant: TenantContext<Config>): Promise<PresignedRequest>;
  presignDownload(input: PresignDownloadInput, tenant: TenantContext<Config>): Promise<PresignedRequest>;
}
