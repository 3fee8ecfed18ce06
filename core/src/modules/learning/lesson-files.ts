import type { EntityManager } from '@mikro-orm/postgresql';
import { type Block, blockStorageKeys } from '@mirai/sdk-plugin';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { tenantStorage } from '../storage/tenant-storage.ts';
import { uploadRecords } from '../storage/upload-records.ts';

/**
 * How long a learner's links to a lesson's files work. A player fetches a recording in ranges as
 * it plays and seeks, each request checked against this expiry, and an attachment is fetched when
 * clicked: ten minutes broke any recording longer than that, and any download from a lesson read
 * for longer. Six hours covers a long lecture and a lesson left open for a working session. The
 * link only reads that one file, which its holder (an enrolled learner) could download anyway.
 */
const LESSON_FILE_URL_SECONDS = 6 * 60 * 60;

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
          { key: upload.storageKey, expiresInSeconds: LESSON_FILE_URL_SECONDS, fileName: upload.fileName },
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
