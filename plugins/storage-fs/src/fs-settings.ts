export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1_048_576;

/** Explicit settings (tests, embedding); each left out is read from the environment. */
export interface StorageFsOptions {
  /** Storage root; defaults to `MIRAI_STORAGE_FS_ROOT`, else the plugin's `context.dataDir`. */
  root?: string;
  /** Largest presigned upload; defaults to `MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES`, else 200 MiB. */
  maxUploadBytes?: number;
}

/** `MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES`: a positive whole number of bytes; 200 MiB when unset. */
export function maxUploadBytesFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_MAX_UPLOAD_BYTES;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new Error(`MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES must be a positive integer number of bytes, got "${value}"`);
  return parsed;
}
