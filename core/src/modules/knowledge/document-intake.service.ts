import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { jobType } from '../../jobs/job-definition.ts';
import type { JobStarter } from '../../jobs/job-starter.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { type Upload, uploadRecords } from '../storage/upload-records.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import type { KnowledgeService } from './knowledge.service.ts';
import { DOCUMENT_MEDIA_TYPES, type DocumentLimits, type DocumentMediaType, documentLimitError } from './text-extraction.ts';

/** Extracts, chunks and indexes one uploaded SME document. */
export const documentJob = jobType(
  'extract-document',
  Type.Object({
    documentId: Type.String({ minLength: 1 }),
    smeId: Type.String({ minLength: 1 }),
    uploadId: Type.String({ minLength: 1 }),
    title: Type.String(),
    mediaType: Type.Enum(DOCUMENT_MEDIA_TYPES),
  }),
);

const invalid = (
  field: string,
  message: string,
  code: 'MIRAI_ERR_REQUEST_VALIDATION' | 'MIRAI_ERR_UPLOAD_INCOMPLETE' = 'MIRAI_ERR_REQUEST_VALIDATION',
) => new MiraiError(code, `${field} ${message}`, { fieldErrors: [{ field, message }] });

/** What an upload is as an SME document; browsers often send Markdown as octet-stream, so the extension counts too. */
export function documentMediaTypeOf(upload: Pick<Upload, 'contentType' | 'fileName'>): DocumentMediaType | null {
  const type = upload.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  const extension = upload.fileName.toLowerCase().split('.').pop() ?? '';
  if (type === 'application/pdf') return 'application/pdf';
  if (type === 'text/markdown' || type === 'text/x-markdown' || extension === 'md' || extension === 'markdown') return 'text/markdown';
  if (type === 'text/plain' || extension === 'txt') return 'text/plain';
  return null;
}

/**
 * Registers SME documents: the file is an upload in the tenant's storage; its text is extracted,
 * chunked and indexed by a job (`documentJob`), never inside the request.
 */
export class DocumentIntakeService {
  readonly limits: DocumentLimits;
  readonly #knowledge: KnowledgeService;
  readonly #uploads: UploadsService;
  readonly #jobs: JobStarter;

  constructor(options: { knowledge: KnowledgeService; uploads: UploadsService; jobs: JobStarter; limits: DocumentLimits }) {
    this.limits = options.limits;
    this.#knowledge = options.knowledge;
    this.#uploads = options.uploads;
    this.#jobs = options.jobs;
  }

  /** Starts extraction of a completed upload of the organisation as a document of the SME. */
  async register(
    em: EntityManager,
    actor: AuthContext,
    smeId: string,
    input: { title: string; uploadId: string },
  ): Promise<{ jobId: string; documentId: string }> {
    await this.#knowledge.getSme(em, smeId);
    const upload = await uploadRecords.upload(em, input.uploadId);
    if (upload === null) throw invalid('/body/uploadId', 'is not an upload of this organisation');
    if (upload.status !== 'complete')
      throw invalid('/body/uploadId', 'is not complete; PUT the file and complete the upload first', 'MIRAI_ERR_UPLOAD_INCOMPLETE');
    const mediaType = documentMediaTypeOf(upload);
    if (mediaType === null) throw invalid('/body/uploadId', 'must be a PDF, plain text or Markdown file');
    if (upload.sizeBytes > this.limits.maxBytes) throw this.#tooLarge('/body/uploadId', upload.sizeBytes);
    const documentId = randomUUID();
    const job = await em.transactional((tx) =>
      this.#jobs.start(tx, {
        type: documentJob,
        tenantId: actor.tenantId,
        payload: { documentId, smeId, uploadId: upload.id, title: input.title.trim(), mediaType },
        announce: { documentId, smeId },
      }),
    );
    return { jobId: job.id, documentId };
  }

  /** The bounded JSON route: the bytes are stored as an upload first, then go through the same job. */
  async registerBytes(
    em: EntityManager,
    actor: AuthContext,
    smeId: string,
    input: { title: string; mediaType: DocumentMediaType; bytes: Uint8Array; field: string },
  ): Promise<{ jobId: string; documentId: string }> {
    await this.#knowledge.getSme(em, smeId);
    if (input.bytes.length > this.limits.maxBytes) throw this.#tooLarge(input.field, input.bytes.length);
    const extension = { 'application/pdf': 'pdf', 'text/markdown': 'md', 'text/plain': 'txt' }[input.mediaType];
    const upload = await this.#uploads.store(em, actor, {
      fileName: `${input.title}.${extension}`,
      contentType: input.mediaType,
      bytes: input.bytes,
    });
    return this.register(em, actor, smeId, { title: input.title, uploadId: upload.id });
  }

  #tooLarge(field: string, size: number): MiraiError {
    return documentLimitError('bytes', `The document has ${size} bytes; at most ${this.limits.maxBytes} are read (MIRAI_DOCUMENT_MAX_BYTES)`, field);
  }
}
