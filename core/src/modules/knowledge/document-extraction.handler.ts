import type { JsonObject, PluginEgress } from '@mirai/sdk-plugin';
import type { Static } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { defineJob, type JobDefinition, type TypedJobContext } from '../../jobs/job-definition.ts';
import { uploadRecords } from '../storage/upload-records.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import { documentJob } from './document-intake.service.ts';
import { documentLimitError } from './document-limit-error.ts';
import type { KnowledgeService } from './knowledge.service.ts';
import { SmeDocumentSchema } from './sme-document.entity.ts';
import { type DocumentLimits, type DocumentMediaType, extractDocumentText } from './text-extraction.ts';
import { fetchDocument } from './web-page.ts';

type Deps = Parameters<typeof documentExtractionHandler>[0];
type Context = TypedJobContext<Static<typeof documentJob.payload>>;

/** The document's bytes: its upload from storage, or its web page fetched through the egress guard. */
async function readSource(deps: Deps, ctx: Context): Promise<{ bytes: Uint8Array; mediaType: DocumentMediaType; url: string | null }> {
  const { limits } = deps;
  const { url, uploadId, mediaType } = ctx.payload;
  if (url !== undefined) {
    await ctx.progress(0, `Fetching ${url}`, { documentId: ctx.payload.documentId });
    return fetchDocument(deps.egress, url, { maxBytes: limits.maxBytes, signal: ctx.signal });
  }
  const upload = uploadId === undefined ? null : await uploadRecords.upload(ctx.em(), uploadId);
  const read = upload === null ? null : await deps.uploads.read(ctx.em(), upload, limits.maxBytes);
  if (read === null || mediaType === undefined) throw new MiraiError('MIRAI_ERR_UPLOAD_NOT_FOUND', 'The uploaded document is no longer stored');
  if (read.overLimit) throw documentLimitError('bytes', `The document has more than ${limits.maxBytes} bytes (MIRAI_DOCUMENT_MAX_BYTES)`);
  return { bytes: read.bytes, mediaType, url: null };
}

/** Reads an uploaded SME document, extracts its text within the limits, then chunks and indexes it. */
async function extract(deps: Deps, ctx: Context): Promise<JsonObject> {
  const { limits } = deps;
  const { documentId, smeId, title } = ctx.payload;
  const em = ctx.em();
  // A re-delivery after the new document was stored has nothing left to do (a replacement is redone).
  if (ctx.payload.replace !== true && (await em.findOne(SmeDocumentSchema, { id: documentId })) !== null) return { documentId };
  const read = await readSource(deps, ctx);
  const { mediaType } = read;
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
    language: ctx.payload.language,
    tags: ctx.payload.tags,
    uploadId: ctx.payload.uploadId ?? null,
    sourceUrl: read.url,
    replace: ctx.payload.replace,
  });
  await ctx.publish({ type: 'document.extracted', data: { documentId, smeId, title, chunkCount: stored.chunkCount } });
  return { documentId, chunkCount: stored.chunkCount };
}

export function documentExtractionHandler(deps: {
  knowledge: KnowledgeService;
  uploads: UploadsService;
  limits: DocumentLimits;
  egress: Pick<PluginEgress, 'fetch'>;
}): JobDefinition {
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
