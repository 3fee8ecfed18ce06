import type { EntityManager } from '@mikro-orm/postgresql';
import type { Block } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { uploadRecords } from '../storage/upload-records.ts';

type Expectation = { field: string; storageKey: string; accepts: (contentType: string) => boolean; message: string };

/** The stored files of media blocks and what each must be: a recording of the block's kind, captions in WebVTT. */
function expectations(blocks: Block[], field: string): Expectation[] {
  return blocks.flatMap((block, b): Expectation[] => {
    if (block.type !== 'media') return [];
    const recording: Expectation[] =
      block.source.from === 'upload'
        ? [
            {
              field: `${field}/${b}/source/storageKey`,
              storageKey: block.source.storageKey,
              accepts: (type) => type.toLowerCase().startsWith(`${block.kind}/`),
              message: `must be a completed ${block.kind} upload`,
            },
          ]
        : [];
    const captions: Expectation[] =
      block.captions === undefined
        ? []
        : [
            {
              field: `${field}/${b}/captions/storageKey`,
              storageKey: block.captions.storageKey,
              accepts: (type) => /^text\/vtt$/i.test(type),
              message: 'must be a completed text/vtt upload',
            },
          ];
    return [...recording, ...captions];
  });
}

/**
 * Media blocks point at uploads of the right kind: the media size limit and the WebVTT check are
 * applied per content type when a file is uploaded, so a block must not borrow another kind's file.
 */
export async function assertMediaUploads(em: EntityManager, blocks: Block[], field: string): Promise<void> {
  const expected = expectations(blocks, field);
  if (expected.length === 0) return;
  const uploads = await uploadRecords.completeByStorageKey(
    em,
    expected.map((e) => e.storageKey),
  );
  const types = new Map(uploads.map((upload) => [upload.storageKey, upload.contentType]));
  const errors = expected
    .filter((e) => {
      const type = types.get(e.storageKey);
      return type === undefined || !e.accepts(type);
    })
    .map((e) => ({ field: e.field, message: e.message }));
  if (errors.length > 0)
    throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', errors.map((e) => `${e.field} ${e.message}`).join('; '), { fieldErrors: errors });
}
