import { safeUrl } from '@mirai/url-policy';
import type { AttachmentLessonBlock } from './types';

/** A file to download, by its name; one that is gone shows its name without a link. */
export function AttachmentBlockView({ block, fileUrl }: { block: AttachmentLessonBlock; fileUrl: (storageKey: string) => string | null }) {
  const address = block.url ?? fileUrl(block.storageKey);
  const href = address === null ? null : safeUrl(address);
  return (
    <p className="lb-attachment">
      <span className="lb-attachment__label">Attachment: </span>
      {href === null ? (
        <span className="lb-attachment__missing">{block.fileName} (unavailable)</span>
      ) : (
        <a href={href} download={block.fileName}>
          {block.fileName}
        </a>
      )}
      {block.description ? <span className="lb-attachment__description"> {block.description}</span> : null}
    </p>
  );
}
