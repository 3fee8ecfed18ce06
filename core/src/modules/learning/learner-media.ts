import type { AttachmentBlock, MediaBlock } from '@mirai/sdk-plugin';

export type LearnerMediaBlock = MediaBlock & {
  /** Presigned GET of an uploaded recording; null for an embed or a file that is gone. */
  url: string | null;
  captionsUrl: string | null;
};

export type LearnerAttachmentBlock = AttachmentBlock & { url: string | null };

type FileUrl = (storageKey: string) => string | null;

/** A media block with short-lived addresses of its recording and captions. */
export function learnerMediaBlock(block: MediaBlock, fileUrl: FileUrl): LearnerMediaBlock {
  return {
    ...block,
    url: block.source.from === 'upload' ? fileUrl(block.source.storageKey) : null,
    captionsUrl: block.captions === undefined ? null : fileUrl(block.captions.storageKey),
  };
}

export function learnerAttachmentBlock(block: AttachmentBlock, fileUrl: FileUrl): LearnerAttachmentBlock {
  return { ...block, url: fileUrl(block.storageKey) };
}
