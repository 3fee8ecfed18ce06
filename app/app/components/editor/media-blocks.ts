import type { BlockOf } from './blocks';

type Embed = Extract<BlockOf<'media'>['source'], { from: 'embed' }>;

/** The address an author would recognise for a stored embed (the editor keeps only the id). */
export function embedAddress(source: Embed): string {
  if (source.videoId === '') return '';
  return source.provider === 'youtube' ? `https://www.youtube.com/watch?v=${source.videoId}` : `https://vimeo.com/${source.videoId}`;
}

/** What keeps a media block from saving, said the way an author understands it. */
export function mediaProblem(block: BlockOf<'media'>): string | null {
  if (block.source.from === 'upload' && block.source.storageKey === '') return 'Upload a recording, or embed a YouTube or Vimeo video.';
  if (block.source.from === 'embed' && block.source.videoId === '') return 'Paste a YouTube or Vimeo video address.';
  if (block.title.trim() === '') return 'Give the recording a title.';
  if (block.captions !== undefined && block.captions.label.trim() === '') return 'Give the captions a label (e.g. English).';
  if (block.captions !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(block.captions.language))
    return 'Captions language must be a code like en or fr-CA.';
  return null;
}
