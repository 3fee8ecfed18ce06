import type { JsonObject } from '@mirai/sdk-plugin';
import type { Static } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { defineJob, type JobDefinition, type TypedJobContext } from '../../jobs/job-definition.ts';
import { uploadRecords } from '../storage/upload-records.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import { documentJob } from './document-intake.service.ts';
import type { KnowledgeService } from './knowledge.service.ts';
import { SmeDocumentSchema } from './sme-document.entity.ts';
import { type DocumentLimits, documentLimitError, extractDocumentText } from './text-extraction.ts';

/** Reads an uploaded SME document, extracts its text within the limits, then chunks and indexes it. */
async function extract(
  deps: Parameters<typeof documentExtractionHandler>[0],
  ctx: TypedJobContext<Static<typeof documentJob.payload>>,
): Promise<JsonObject> {
  const { limits } = deps;
  const { documentId, smeId, mediaType, title } = ctx.payload;
  const em = ctx.em();
  // A re-delivery after the document was stored has nothing left to do.
  if ((await em.findOne(SmeDocumentSchema, { id: documentId })) !== null) return { documentId };
  const upload = await uploadRecords.upload(em, ctx.payload.uploadId);
  const read = upload === null ? null : await deps.uploads.read(em, upload, limits.maxBytes);
  if (read === null) throw new MiraiError('MIRAI_ERR_UPLOAD_NOT_FOUND', 'The uploaded document is no longer stored');
  if (read.overLimit) throw documentLimitError('bytes', `The document has more than ${limits.maxBytes} bytes (MIRAI_DOCUMENT_MAX_BYTES)`);
  await ctx.progress(0, 'Reading the document', { documentId });
  let reported = 0;
  const text = (
    await extractDocumentText(mediaType, read.bytes, {
      limits,
      signal: ctx.signal,
      onProgress: (page, total) => {
        const percent = Math.floor((page / total) * 90);
        if (percent - reported < 5) return;
        reported = percent;
        void ctx.progress(percent, `Read page ${page} of ${total}`, { documentId });
      },
    })
  ).trim();
  if (text === '') throw new MiraiError('MIRAI_ERR_DOCUMENT_UNREADABLE', 'The document has no text');
  await deps.knowledge.getSme(em, smeId);
  const stored = await deps.knowledge.storeDocument(em, ctx.tenantId, {
    id: documentId,
    smeId,
    title,
    mediaType,
    sizeBytes: read.bytes.length,
    text,
  });
  await ctx.publish({ type: 'document.extracted', data: { documentId, smeId, title, chunkCount: stored.chunkCount } });
  return { documentId, chunkCount: stored.chunkCount };
}

export function documentExtractionHandler(deps: { knowledge: KnowledgeService; uploads: UploadsService; limits: DocumentLimits }): JobDefinition {
  return defineJob(documentJob, async (ctx) => {
    try {
      return await extract(deps, ctx);
    } catch (error) {
      // The job's error is a string: it starts with the stable code, so clients can switch on it.
      if (error instanceof MiraiError) throw new Error(`${error.code}: ${error.message}`, { cause: error });
      throw error;
    }
  });
}
