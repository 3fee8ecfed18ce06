import type { EntityManager } from '@mikro-orm/postgresql';
import { type Block, blockStorageKeys } from '@mirai/sdk-plugin';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { tenantStorage } from '../storage/tenant-storage.ts';
import { uploadRecords } from '../storage/upload-records.ts';

const FILE_URL_SECONDS = 10 * 60;

/**
 * Short-lived download addresses for the stored files of a lesson (images, recordings, captions,
 * attachments), from the storage plugin that holds each upload. A file whose upload or plugin is
 * gone maps to nothing; the learner sees the image's alt text, or the recording's or file's name.
 */
export async function lessonFileUrls(
  em: EntityManager,
  plugins: TenantPluginsService,
  tenantId: string,
  blocks: Block[],
): Promise<Map<string, string>> {
  const keys = blocks.flatMap(blockStorageKeys);
  const urls = new Map<string, string>();
  if (keys.length === 0) return urls;
  const uploads = await uploadRecords.completeByStorageKey(em, keys);
  await Promise.all(
    uploads.map(async (upload) => {
      try {
        const { storage, tenant } = await tenantStorage(plugins, em, tenantId, upload.storagePlugin);
        const signed = await storage.presignDownload(
          { key: upload.storageKey, expiresInSeconds: FILE_URL_SECONDS, fileName: upload.fileName },
          tenant,
        );
        urls.set(upload.storageKey, signed.url);
      } catch {
        // Left out: the block says what is missing instead of showing a broken player or link.
      }
    }),
  );
  return urls;
}
