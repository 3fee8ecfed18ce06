import type { EntityManager } from '@mikro-orm/postgresql';
import type { Block } from '@mirai/sdk-plugin';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { tenantStorage } from '../storage/tenant-storage.ts';
import { uploadRecords } from '../storage/upload-records.ts';

const IMAGE_URL_SECONDS = 10 * 60;

/**
 * Short-lived download addresses for the images of a lesson, from the storage plugin that holds
 * each upload. An image whose upload or plugin is gone maps to nothing; the learner sees its alt text.
 */
export async function lessonImageUrls(
  em: EntityManager,
  plugins: TenantPluginsService,
  tenantId: string,
  blocks: Block[],
): Promise<Map<string, string>> {
  const keys = blocks.flatMap((block) => (block.type === 'image' ? [block.storageKey] : []));
  const urls = new Map<string, string>();
  if (keys.length === 0) return urls;
  const uploads = await uploadRecords.completeByStorageKey(em, keys);
  await Promise.all(
    uploads.map(async (upload) => {
      try {
        const { storage, tenant } = await tenantStorage(plugins, em, tenantId, upload.storagePlugin);
        const signed = await storage.presignDownload(
          { key: upload.storageKey, expiresInSeconds: IMAGE_URL_SECONDS, fileName: upload.fileName },
          tenant,
        );
        urls.set(upload.storageKey, signed.url);
      } catch {
        // Left out: the block renders its alt text instead of a broken image.
      }
    }),
  );
  return urls;
}
