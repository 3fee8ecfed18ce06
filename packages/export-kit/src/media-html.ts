import { type AttachmentBlock, type MediaBlock, type MediaEmbedProvider, mediaEmbedSrc } from '@mirai/sdk-plugin';
import { escapeHtml } from './markdown-html.ts';

/**
 * How a package shows a YouTube or Vimeo video: framed (packages an LMS serves over http), or as
 * a link that opens the provider's page (packages that must not load anything from the network,
 * or that open from file://, where the players refuse to play).
 */
export type EmbedMode = 'frame' | 'link';

const PROVIDER_NAMES: Record<MediaEmbedProvider, string> = { youtube: 'YouTube', vimeo: 'Vimeo' };

const watchUrl = (provider: MediaEmbedProvider, videoId: string) =>
  provider === 'youtube' ? `https://www.youtube.com/watch?v=${videoId}` : `https://vimeo.com/${videoId}`;

/** The transcript, paragraph by paragraph, in a disclosure under the player; every line is escaped. */
export function transcriptHtml(transcript: string): string {
  const paragraphs = transcript
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
  if (paragraphs.length === 0) return '';
  const body = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`).join('\n');
  return `<details class="transcript"><summary>Transcript</summary>\n${body}\n</details>`;
}

function embedHtml(block: MediaBlock & { source: { from: 'embed' } }, mode: EmbedMode): string {
  const { provider, videoId } = block.source;
  const name = PROVIDER_NAMES[provider];
  const link = `<a href="${escapeHtml(watchUrl(provider, videoId))}" target="_blank" rel="noopener noreferrer">Watch “${escapeHtml(block.title)}” on ${name} (opens in a new window)</a>`;
  if (mode === 'link') return `<p class="media-link">${link}</p>`;
  const src = escapeHtml(mediaEmbedSrc(provider, videoId));
  return `<div class="media-frame"><iframe src="${src}" title="${escapeHtml(`${name} video: ${block.title}`)}" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups" allow="fullscreen; picture-in-picture; encrypted-media" referrerpolicy="strict-origin-when-cross-origin" loading="lazy"></iframe></div>`;
}

/** Where the page finds a stored file (relative to the page), or null when the package lacks it. */
export type FileSrc = (storageKey: string) => string | null;

function playerHtml(block: MediaBlock & { source: { from: 'upload' } }, fileSrc: FileSrc): string {
  const path = fileSrc(block.source.storageKey);
  if (path === null) return `<p class="media-missing">Recording unavailable: ${escapeHtml(block.title)}</p>`;
  const src = escapeHtml(path);
  const captionsPath = block.captions === undefined ? null : fileSrc(block.captions.storageKey);
  const track =
    block.captions !== undefined && captionsPath !== null
      ? `<track kind="captions" src="${escapeHtml(captionsPath)}" srclang="${escapeHtml(block.captions.language)}" label="${escapeHtml(block.captions.label)}" default>`
      : '';
  const fallback = `<a href="${src}">Download the recording</a>`;
  return `<${block.kind} controls preload="metadata" src="${src}">${track}${fallback}</${block.kind}>`;
}

/** A video or audio block: the packaged recording with its captions, or the provider's player; the title as caption, then the transcript. */
export function mediaBlockHtml(block: MediaBlock, fileSrc: FileSrc, mode: EmbedMode): string {
  const player =
    block.source.from === 'embed' ? embedHtml({ ...block, source: block.source }, mode) : playerHtml({ ...block, source: block.source }, fileSrc);
  return `<figure class="media media-${block.kind}">
<figcaption>${escapeHtml(block.title)}</figcaption>
${player}
${transcriptHtml(block.transcript)}</figure>`;
}

/** A file to download, by its name; a missing file shows its name without a link. */
export function attachmentBlockHtml(block: AttachmentBlock, fileSrc: FileSrc): string {
  const path = fileSrc(block.storageKey);
  const name = escapeHtml(block.fileName);
  const link =
    path === null ? `<span class="attachment-missing">${name} (unavailable)</span>` : `<a href="${escapeHtml(path)}" download="${name}">${name}</a>`;
  const description = block.description ? ` <span class="attachment-description">${escapeHtml(block.description)}</span>` : '';
  return `<p class="attachment"><span class="attachment-label">Attachment:</span> ${link}${description}</p>`;
}
