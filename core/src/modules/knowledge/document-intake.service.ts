import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { JobEventPublisher } from '../../jobs/job-contracts.ts';
import type { JobsService } from '../../jobs/jobs.service.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { type Upload, uploadRecords } from '../storage/upload-records.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import type { KnowledgeService } from './knowledge.service.ts';
import { type DocumentLimits, type DocumentMediaType, documentLimitError } from './text-extraction.ts';

export const DOCUMENT_JOB_KIND = 'extract-document';

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
 * chunked and indexed by a job (`DOCUMENT_JOB_KIND`), never inside the request.
 */
export class DocumentIntakeService {
  readonly limits: DocumentLimits;
  readonly #knowledge: KnowledgeService;
  readonly #uploads: UploadsService;
  readonly #jobs: JobsService;
  readonly #events: JobEventPublisher;
  readonly #afterCommit: () => void;

  constructor(options: {
    knowledge: KnowledgeService;
    uploads: UploadsService;
    jobs: JobsService;
    events: JobEventPublisher;
    afterCommit: () => void;
    limits: DocumentLimits;
  }) {
    this.limits = options.limits;
    this.#knowledge = options.knowledge;
    this.#uploads = options.uploads;
    this.#jobs = options.jobs;
    this.#events = options.events;
    this.#afterCommit = options.afterCommit;
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
      this.#jobs.createJob(tx, {
        kind: DOCUMENT_JOB_KIND,
        tenantId: actor.tenantId,
        payload: { documentId, smeId, uploadId: upload.id, title: input.title.trim(), mediaType },
      }),
    );
    await this.#events.publish(job.id, { type: 'job.queued', data: { jobId: job.id, kind: DOCUMENT_JOB_KIND, documentId, smeId } });
    this.#afterCommit();
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
