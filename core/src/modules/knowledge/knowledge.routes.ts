import { Type } from 'typebox';
import { MiraiError } from '../../errors/mirai-error.ts';
import { IdParams, problems, UUID_PATTERN } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import type { AudiencesService } from './audiences.service.ts';
import type { DocumentIntakeService } from './document-intake.service.ts';
import {
  AudienceView,
  ChunkView,
  CONTENT_MAX_LENGTH,
  CreateAudienceBody,
  CreateSmeBody,
  DocumentAccepted,
  DocumentView,
  SearchQuery,
  SmeDocumentParams,
  SmeView,
  UpdateAudienceBody,
  UpdateSmeBody,
  UploadDocumentBody,
} from './knowledge.schemas.ts';
import type { KnowledgeService } from './knowledge.service.ts';
import { DOCX_MEDIA_TYPE, type DocumentMediaType } from './text-extraction.ts';

const UUID = UUID_PATTERN.slice(1, -1);

const iso = <T extends { createdAt: Date }>(row: T) => ({ ...row, createdAt: row.createdAt.toISOString() });
const smeView = (s: { id: string; name: string; expertise: string; createdAt: Date }) =>
  iso({ id: s.id, name: s.name, expertise: s.expertise, createdAt: s.createdAt });
const documentView = (d: { id: string; smeId: string; title: string; mediaType: string; sizeBytes: number; createdAt: Date; chunkCount?: number }) =>
  iso({
    id: d.id,
    smeId: d.smeId,
    title: d.title,
    mediaType: d.mediaType,
    sizeBytes: d.sizeBytes,
    createdAt: d.createdAt,
    ...(d.chunkCount === undefined ? {} : { chunkCount: d.chunkCount }),
  });

type DocumentBody = {
  title: string;
  uploadId?: string | undefined;
  url?: string | undefined;
  language?: string | undefined;
  tags?: string[] | undefined;
  mediaType?: DocumentMediaType | undefined;
  content?: string | undefined;
};

const required = (field: string, why: string) =>
  new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `${field} is required ${why}`, { fieldErrors: [{ field, message: 'is required' }] });

/** Pasted text's bytes (bounded by the service); files, PDFs included, come as uploads and carry none. */
function documentBytes(body: DocumentBody & { mediaType: DocumentMediaType }): { bytes: Uint8Array; field: string } {
  if (body.mediaType === 'application/pdf' || body.mediaType === DOCX_MEDIA_TYPE)
    throw required('/body/uploadId', 'for a PDF or DOCX file (upload it with POST /v1/uploads)');
  if (body.content !== undefined) return { bytes: new TextEncoder().encode(body.content), field: '/body/content' };
  throw required('/body/content', `for ${body.mediaType}`);
}

/** The longest pasted text, each character at most 4 bytes of UTF-8, and the JSON around it. */
const PASTED_TEXT_BODY_LIMIT = CONTENT_MAX_LENGTH * 4 + 65_536;

export async function knowledgeRoutes(
  app: TypedApp,
  options: { knowledge: KnowledgeService; audiences: AudiencesService; intake: DocumentIntakeService },
): Promise<void> {
  const { knowledge, audiences, intake } = options;
  const author = requireAuth(...AUTHOR_ROLES);
  const tags = ['knowledge'];

  app.get(
    '/v1/smes',
    {
      preHandler: author,
      schema: { tags, summary: 'Subject-matter experts', response: { 200: Type.Object({ items: Type.Array(SmeView) }), ...problems(401, 403) } },
    },
    async (request) => ({
      items: (await knowledge.listSmes(request.em)).map(smeView),
    }),
  );
  app.post(
    '/v1/smes',
    {
      preHandler: author,
      schema: { tags, summary: 'Add a subject-matter expert', body: CreateSmeBody, response: { 201: SmeView, ...problems(400, 401, 403) } },
    },
    async (request, reply) => reply.status(201).send(smeView(await knowledge.createSme(request.em, authOf(request).tenantId, request.body))),
  );
  app.patch(
    '/v1/smes/:id',
    {
      preHandler: author,
      schema: { tags, summary: 'Change an SME', params: IdParams, body: UpdateSmeBody, response: { 200: SmeView, ...problems(400, 401, 403, 404) } },
    },
    async (request) => smeView(await knowledge.updateSme(request.em, request.params.id, request.body)),
  );
  app.delete(
    '/v1/smes/:id',
    {
      preHandler: author,
      schema: { tags, summary: 'Delete an SME and its documents', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
    },
    async (request, reply) => {
      await knowledge.deleteSme(request.em, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/smes/:id/documents',
    {
      preHandler: author,
      schema: {
        tags,
        summary: "An SME's documents",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(DocumentView) }), ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      await knowledge.getSme(request.em, request.params.id);
      return { items: (await knowledge.listDocuments(request.em, request.params.id)).map(documentView) };
    },
  );
  app.post(
    '/v1/smes/:id/documents',
    {
      preHandler: author,
      bodyLimit: PASTED_TEXT_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Add a PDF, DOCX, Markdown, text or HTML document by upload id, a web page by URL (or pasted text, bounded); its text is extracted and indexed by a job',
        params: IdParams,
        body: UploadDocumentBody,
        response: { 202: DocumentAccepted, ...problems(400, 401, 403, 404, 413, 422) },
      },
    },
    async (request, reply) => {
      const body: DocumentBody = request.body;
      const actor = authOf(request);
      const details = { title: body.title, language: body.language, tags: body.tags };
      if (body.uploadId !== undefined)
        return reply.status(202).send(await intake.register(request.em, actor, request.params.id, { ...details, uploadId: body.uploadId }));
      if (body.url !== undefined)
        return reply.status(202).send(await intake.register(request.em, actor, request.params.id, { ...details, url: body.url }));
      const mediaType = body.mediaType;
      if (mediaType === undefined) throw required('/body/uploadId', 'unless url, or mediaType and content, are given');
      const { bytes, field } = documentBytes({ ...body, mediaType });
      return reply.status(202).send(await intake.registerBytes(request.em, actor, request.params.id, { ...details, mediaType, bytes, field }));
    },
  );
  app.delete(
    '/v1/smes/:id/documents/:documentId',
    {
      preHandler: author,
      schema: { tags, summary: 'Delete a document', params: SmeDocumentParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
    },
    async (request, reply) => {
      await knowledge.deleteDocument(request.em, request.params.id, request.params.documentId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/v1/smes/:id/search',
    {
      preHandler: author,
      schema: {
        tags,
        summary: "Full-text search in an SME's documents",
        params: IdParams,
        querystring: SearchQuery,
        response: { 200: Type.Object({ items: Type.Array(ChunkView) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await knowledge.getSme(request.em, request.params.id);
      return { items: await knowledge.search(request.em, authOf(request).tenantId, [request.params.id], request.query.q, request.query.limit ?? 10) };
    },
  );

  app.get(
    '/v1/chunks',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Source passages by id, e.g. the sourceChunkIds of a lesson version',
        querystring: Type.Object({
          ids: Type.String({
            minLength: 36,
            maxLength: 37 * 50,
            // Canonical UUIDs only: PostgreSQL refuses anything else in the uuid[] cast.
            pattern: `^${UUID}(,${UUID})*$`,
            description: 'Comma-separated chunk ids (at most 50)',
          }),
        }),
        response: { 200: Type.Object({ items: Type.Array(Type.Omit(ChunkView, ['rank'])) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({ items: await knowledge.chunksById(request.em, authOf(request).tenantId, [...new Set(request.query.ids.split(','))]) }),
  );

  app.get(
    '/v1/audiences',
    {
      preHandler: author,
      schema: { tags, summary: 'Audience personas', response: { 200: Type.Object({ items: Type.Array(AudienceView) }), ...problems(401, 403) } },
    },
    async (request) => ({
      items: (await audiences.list(request.em)).map(iso),
    }),
  );
  app.post(
    '/v1/audiences',
    {
      preHandler: author,
      schema: { tags, summary: 'Add an audience persona', body: CreateAudienceBody, response: { 201: AudienceView, ...problems(400, 401, 403) } },
    },
    async (request, reply) => reply.status(201).send(iso(await audiences.create(request.em, authOf(request).tenantId, request.body))),
  );
  app.patch(
    '/v1/audiences/:id',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Change an audience',
        params: IdParams,
        body: UpdateAudienceBody,
        response: { 200: AudienceView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => iso(await audiences.update(request.em, request.params.id, request.body)),
  );
  app.delete(
    '/v1/audiences/:id',
    {
      preHandler: author,
      schema: { tags, summary: 'Delete an audience', params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } },
    },
    async (request, reply) => {
      await audiences.remove(request.em, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
