import type { Block, MediaEmbedProvider } from './extension-points/course-document.ts';

/** Video ids the players accept: YouTube's 11-character ids, Vimeo's numeric ids. */
const VIDEO_ID: Record<MediaEmbedProvider, RegExp> = { youtube: /^[\w-]{11}$/, vimeo: /^\d{1,12}$/ };

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be', 'www.youtube-nocookie.com', 'youtube-nocookie.com']);
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com', 'player.vimeo.com']);

/** The origins an embedded player is framed from; a page's CSP `frame-src` needs exactly these. */
export const MEDIA_EMBED_ORIGINS: readonly string[] = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'];

export function isMediaVideoId(provider: MediaEmbedProvider, videoId: string): boolean {
  return VIDEO_ID[provider].test(videoId);
}

function youtubeId(url: URL): string | null {
  if (url.hostname === 'youtu.be') return url.pathname.slice(1);
  if (url.pathname === '/watch') return url.searchParams.get('v');
  const path = /^\/(?:embed|shorts|live)\/([^/]+)$/.exec(url.pathname);
  return path?.[1] ?? null;
}

function vimeoId(url: URL): string | null {
  const path = url.hostname === 'player.vimeo.com' ? /^\/video\/(\d+)$/.exec(url.pathname) : /^\/(\d+)$/.exec(url.pathname);
  return path?.[1] ?? null;
}

/**
 * The provider and video id of a YouTube or Vimeo address an author pasted, or null for any other
 * host or shape. Only the id is kept: players are always built from it, never from the pasted text.
 */
export function parseMediaEmbedUrl(text: string): { provider: MediaEmbedProvider; videoId: string } | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  const found: { provider: MediaEmbedProvider; videoId: string | null } | null = YOUTUBE_HOSTS.has(host)
    ? { provider: 'youtube', videoId: youtubeId(url) }
    : VIMEO_HOSTS.has(host)
      ? { provider: 'vimeo', videoId: vimeoId(url) }
      : null;
  if (found === null || found.videoId === null || !isMediaVideoId(found.provider, found.videoId)) return null;
  return { provider: found.provider, videoId: found.videoId };
}

/** The player address of an embed: privacy-enhanced YouTube, or Vimeo's player with tracking off. */
export function mediaEmbedSrc(provider: MediaEmbedProvider, videoId: string): string {
  if (!isMediaVideoId(provider, videoId)) throw new Error(`Not a ${provider} video id`);
  return provider === 'youtube' ? `https://www.youtube-nocookie.com/embed/${videoId}` : `https://player.vimeo.com/video/${videoId}?dnt=1`;
}

/** Every stored file a block shows or offers (images, recordings, captions, attachments). */
export function blockStorageKeys(block: Block): string[] {
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
