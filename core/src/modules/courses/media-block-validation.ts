import { type Block, isMediaVideoId } from '@mirai/sdk-plugin';

type FieldError = { field: string; message: string };

/**
 * What the media schema cannot say: an embed's id fits its provider (so the player address built
 * from it stays on the provider's player), and captions belong to an uploaded video, since an
 * embedded player shows its own and an audio player shows none.
 */
export function mediaMeaningErrors(block: Block, field: string): FieldError[] {
  if (block.type !== 'media') return [];
  const errors: FieldError[] = [];
  const { source } = block;
  if (source.from === 'embed' && !isMediaVideoId(source.provider, source.videoId))
    errors.push({ field: `${field}/source/videoId`, message: `is not a ${source.provider} video id` });
  if (source.from === 'embed' && block.kind !== 'video') errors.push({ field: `${field}/kind`, message: 'must be video for an embed' });
  if (block.captions !== undefined && (source.from !== 'upload' || block.kind !== 'video'))
    errors.push({ field: `${field}/captions`, message: 'are only for an uploaded video' });
  return errors;
}
