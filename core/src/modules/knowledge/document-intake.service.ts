import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Static, Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { normaliseTags } from '../../http/tags.ts';
import { jobType } from '../../jobs/job-definition.ts';
import type { JobStarter } from '../../jobs/job-starter.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { type Upload, uploadRecords } from '../storage/upload-records.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import { documentLimitError } from './document-limit-error.ts';
import type { KnowledgeService } from './knowledge.service.ts';
import { DOCUMENT_MEDIA_TYPES, DOCX_MEDIA_TYPE, type DocumentLimits, type DocumentMediaType } from './text-extraction.ts';

/** Extracts, chunks and indexes one uploaded SME document. */
export const documentJob = jobType(
  'extract-document',
  Type.Object({
    documentId: Type.String({ minLength: 1 }),
    smeId: Type.String({ minLength: 1 }),
    title: Type.String(),
    /** An upload and what it is, or (url) a web page fetched by the job through the egress guard. */
    uploadId: Type.Optional(Type.String({ minLength: 1 })),
    mediaType: Type.Optional(Type.Enum(DOCUMENT_MEDIA_TYPES)),
    url: Type.Optional(Type.String({ minLength: 1 })),
    language: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Array(Type.String())),
    /** The document exists: its text and chunks are replaced, its id, title and tags kept. */
    replace: Type.Optional(Type.Boolean()),
  }),
);

/** Where a document's text comes from: a completed upload, or a web page. */
export type DocumentSource = { uploadId: string } | { url: string };

/** Library fields of a new document. */
export interface DocumentDetails {
  title: string;
  language?: string | undefined;
  tags?: readonly string[] | undefined;
}

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
  if (type === DOCX_MEDIA_TYPE || extension === 'docx') return DOCX_MEDIA_TYPE;
  if (type === 'text/html' || extension === 'html' || extension === 'htm') return 'text/html';
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

  /** Starts extraction of a completed upload of the organisation, or of a web page, as a document of the SME. */
  async register(
    em: EntityManager,
    actor: AuthContext,
    smeId: string,
    input: DocumentDetails & DocumentSource,
  ): Promise<{ jobId: string; documentId: string }> {
    await this.#knowledge.getSme(em, smeId);
    const source = await this.#source(em, input);
    const documentId = randomUUID();
    const details = {
      title: input.title.trim(),
      ...(input.language === undefined ? {} : { language: input.language }),
      ...(input.tags === undefined ? {} : { tags: normaliseTags(input.tags) }),
    };
    return this.#start(em, actor, { documentId, smeId, ...details, ...source });
  }

  /** Starts reading a new upload or web page into an existing document: same id, title and tags, new text. */
  async replace(em: EntityManager, actor: AuthContext, documentId: string, source: DocumentSource): Promise<{ jobId: string; documentId: string }> {
    const document = await this.#knowledge.getDocument(em, documentId);
    const checked = await this.#source(em, source);
    return this.#start(em, actor, { documentId, smeId: document.smeId, title: document.title, replace: true, ...checked });
  }

  async #source(em: EntityManager, source: DocumentSource): Promise<{ uploadId: string; mediaType: DocumentMediaType } | { url: string }> {
    if ('url' in source) return { url: source.url };
    const upload = await uploadRecords.upload(em, source.uploadId);
    if (upload === null) throw invalid('/body/uploadId', 'is not an upload of this organisation');
    if (upload.status !== 'complete')
      throw invalid('/body/uploadId', 'is not complete; PUT the file and complete the upload first', 'MIRAI_ERR_UPLOAD_INCOMPLETE');
    const mediaType = documentMediaTypeOf(upload);
    if (mediaType === null) throw invalid('/body/uploadId', 'must be a PDF, DOCX, Markdown, plain text or HTML file');
    if (upload.sizeBytes > this.limits.maxBytes) throw this.#tooLarge('/body/uploadId', upload.sizeBytes);
    return { uploadId: upload.id, mediaType };
  }

  async #start(em: EntityManager, actor: AuthContext, payload: Static<typeof documentJob.payload>): Promise<{ jobId: string; documentId: string }> {
    const { documentId, smeId } = payload;
    const job = await em.transactional((tx) =>
      this.#jobs.start(tx, { type: documentJob, tenantId: actor.tenantId, payload, announce: { documentId, smeId } }),
    );
    return { jobId: job.id, documentId };
  }

  /** The bounded JSON route: the bytes are stored as an upload first, then go through the same job. */
  async registerBytes(
    em: EntityManager,
    actor: AuthContext,
    smeId: string,
    input: DocumentDetails & { mediaType: DocumentMediaType; bytes: Uint8Array; field: string },
  ): Promise<{ jobId: string; documentId: string }> {
    await this.#knowledge.getSme(em, smeId);
    if (input.bytes.length > this.limits.maxBytes) throw this.#tooLarge(input.field, input.bytes.length);
    const extension = { 'application/pdf': 'pdf', 'text/markdown': 'md', 'text/plain': 'txt', [DOCX_MEDIA_TYPE]: 'docx', 'text/html': 'html' }[
      input.mediaType
    ];
    const upload = await this.#uploads.store(em, actor, {
      fileName: `${input.title}.${extension}`,
      contentType: input.mediaType,
      bytes: input.bytes,
    });
    return this.register(em, actor, smeId, { title: input.title, language: input.language, tags: input.tags, uploadId: upload.id });
  }

  #tooLarge(field: string, size: number): MiraiError {
    return documentLimitError('bytes', `The document has ${size} bytes; at most ${this.limits.maxBytes} are read (MIRAI_DOCUMENT_MAX_BYTES)`, field);
  }
}
