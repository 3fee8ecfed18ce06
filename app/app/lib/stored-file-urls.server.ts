import type { ApiClient } from '../api/client.server';
import { uploadIdOf } from '../components/editor/blocks';
import type { LessonBlock } from '../components/lesson-blocks';

/** The storage keys a block shows or offers: images, recordings, captions, attachments. */
export function storedFileKeys(block: LessonBlock): string[] {
  switch (block.type) {
    case 'image':
    case 'attachment':
      return [block.storageKey];
    case 'media':
      return [...(block.source.from === 'upload' ? [block.source.storageKey] : []), ...(block.captions ? [block.captions.storageKey] : [])];
    default:
      return [];
  }
}

/** Short-lived download URLs from the storage plugin for the author's view of a lesson, by storage key. */
export async function storedFileUrls(client: ApiClient, blocks: readonly LessonBlock[]): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  await Promise.all(
    [...new Set(blocks.flatMap(storedFileKeys))].map(async (storageKey) => {
      const uploadId = uploadIdOf(storageKey);
      if (uploadId === null) return;
      const download = await client.GET('/v1/uploads/{id}/download', { params: { path: { id: uploadId } } });
      if (download?.data !== undefined) urls[storageKey] = download.data.url;
    }),
  );
  return urls;
}
