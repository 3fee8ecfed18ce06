import type { JsonObject, JsonSchema } from '@mirai/sdk-plugin';

export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1_048_576;

/**
 * The operator's settings (`context.instanceConfig`), for the whole server. The host fills them from
 * MIRAI_STORAGE_FS_ROOT and MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES, or MIRAI_PLUGIN_SETTINGS_FILE, and
 * checks them at boot. Whether an organisation uses storage-fs stays its own choice.
 */
export const instanceConfigSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    root: { type: 'string', minLength: 1, description: "Storage root (MIRAI_STORAGE_FS_ROOT); default: the plugin's data directory." },
    maxUploadBytes: {
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      default: DEFAULT_MAX_UPLOAD_BYTES,
      description: 'Largest presigned upload in bytes (MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES).',
    },
  },
};

/** `context.instanceConfig` as the schema above lets it be. */
export interface StorageFsInstanceConfig {
  root?: string;
  maxUploadBytes?: number;
}

/** The settings with defaults applied (validated by the host); the root defaults to `dataDir`, which follows MIRAI_DATA_DIR. */
export function storageFsSettings(instanceConfig: JsonObject, dataDir: string): { root: string; maxUploadBytes: number } {
  const config = instanceConfig as StorageFsInstanceConfig;
  return { root: config.root ?? dataDir, maxUploadBytes: config.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES };
}
