import { mediaEmbedSrc } from '@mirai/sdk-plugin/media-blocks';
import { safeUrl } from '@mirai/url-policy';
import type { MediaLessonBlock } from './types';

const PROVIDER_NAMES = { youtube: 'YouTube', vimeo: 'Vimeo' } as const;

/** The transcript under the player, paragraph by paragraph; React escapes the text. */
function Transcript({ text }: { text: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
  if (paragraphs.length === 0) return null;
  return (
    <details className="lb-media__transcript">
      <summary>Transcript</summary>
      {paragraphs.map((paragraph, index) => (
        // Paragraphs have no identity of their own; their order is the transcript's.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <p key={index}>{paragraph}</p>
      ))}
    </details>
  );
}

function Player({ block, fileUrl }: { block: MediaLessonBlock; fileUrl: (storageKey: string) => string | null }) {
  const { source } = block;
  if (source.from === 'embed') {
    // Built from the parsed id, never from anything the author pasted; sandboxed, no top navigation.
    return (
      <div className="lb-media__frame">
        <iframe
          src={mediaEmbedSrc(source.provider, source.videoId)}
          title={`${PROVIDER_NAMES[source.provider]} video: ${block.title}`}
          sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
          allow="fullscreen; picture-in-picture; encrypted-media"
          referrerPolicy="strict-origin-when-cross-origin"
          loading="lazy"
        />
      </div>
    );
  }
  const address = block.url ?? fileUrl(source.storageKey);
  const src = address === null ? null : safeUrl(address);
  if (src === null) return <p className="lb-media__missing">Recording unavailable: {block.title}</p>;
  const captionsAddress = block.captions === undefined ? null : (block.captionsUrl ?? fileUrl(block.captions.storageKey));
  const captionsSrc = captionsAddress === null ? null : safeUrl(captionsAddress);
  if (block.kind === 'audio')
    // biome-ignore lint/a11y/useMediaCaption: audio shows no captions; the transcript below is its text alternative
    return <audio className="lb-media__player" controls preload="metadata" src={src} />;
  if (block.captions === undefined || captionsSrc === null)
    // biome-ignore lint/a11y/useMediaCaption: the author gave no captions; the transcript below is the text alternative
    return <video className="lb-media__player" controls preload="metadata" src={src} />;
  return (
    // Captions come from storage, another origin: the track loads only through CORS.
    <video className="lb-media__player" controls preload="metadata" src={src} crossOrigin="anonymous">
      <track kind="captions" src={captionsSrc} srcLang={block.captions.language} label={block.captions.label} default />
    </video>
  );
}

/** A video or audio block: its player (uploaded file with captions, or a YouTube/Vimeo player) and transcript. */
export function MediaBlockView({ block, fileUrl }: { block: MediaLessonBlock; fileUrl: (storageKey: string) => string | null }) {
  return (
    <figure className={`lb-media lb-media--${block.kind}`}>
      <figcaption className="lb-media__title">{block.title}</figcaption>
      <Player block={block} fileUrl={fileUrl} />
      <Transcript text={block.transcript} />
    </figure>
  );
}
