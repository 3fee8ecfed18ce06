import { Type } from 'typebox';
import { IdParams, problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { AUTHOR_ROLES } from '../identity/roles.ts';
import type { DocumentIntakeService } from './document-intake.service.ts';
import { ChunkView, DocumentAccepted } from './knowledge.schemas.ts';
import {
  DocumentPreview,
  LibraryDocumentView,
  LibraryQuery,
  LibrarySearchQuery,
  ReplaceDocumentBody,
  UpdateDocumentBody,
} from './knowledge-library.schemas.ts';
import type { KnowledgeLibraryService, LibraryDocument } from './knowledge-library.service.ts';

const view = (document: LibraryDocument) => ({ ...document, createdAt: document.createdAt.toISOString() });

/** The knowledge library: every SME's documents, searched, previewed with what cites them, tagged, replaced and deleted. */
export async function knowledgeLibraryRoutes(
  app: TypedApp,
  options: { library: KnowledgeLibraryService; intake: DocumentIntakeService },
): Promise<void> {
  const { library, intake } = options;
  const author = requireAuth(...AUTHOR_ROLES);
  const tags = ['knowledge'];

  app.get(
    '/v1/knowledge/documents',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'The knowledge library: documents of every SME, optionally of one SME or with one tag',
        querystring: LibraryQuery,
        response: {
          200: Type.Object({
            items: Type.Array(LibraryDocumentView),
            tags: Type.Array(Type.String(), { description: 'Every tag on a document or course' }),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const tenantId = authOf(request).tenantId;
      const [items, allTags] = await Promise.all([library.documents(request.em, tenantId, request.query), library.tags(request.em, tenantId)]);
      return { items: items.map(view), tags: allTags };
    },
  );
  app.get(
    '/v1/knowledge/search',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Full-text search over the whole library (or the documents with a tag)',
        querystring: LibrarySearchQuery,
        response: { 200: Type.Object({ items: Type.Array(ChunkView) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({
      items: await library.search(request.em, authOf(request).tenantId, { ...request.query, limit: request.query.limit ?? 20 }),
    }),
  );
  app.get(
    '/v1/knowledge/documents/:id',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'A document with its chunks and the lesson versions that cite them',
        params: IdParams,
        response: { 200: DocumentPreview, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const tenantId = authOf(request).tenantId;
      const document = await library.document(request.em, tenantId, request.params.id);
      const citations = await library.citations(request.em, tenantId, request.params.id);
      return { document: view(document), chunks: await library.chunks(request.em, tenantId, request.params.id, citations), citations };
    },
  );
  app.patch(
    '/v1/knowledge/documents/:id',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Rename a document or set its tags',
        params: IdParams,
        body: UpdateDocumentBody,
        response: { 200: LibraryDocumentView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await library.updateDocument(request.em, request.params.id, request.body);
      return view(await library.document(request.em, authOf(request).tenantId, request.params.id));
    },
  );
  app.post(
    '/v1/knowledge/documents/:id/replace',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Replace a document with a new upload or web page: same id, title and tags; new text and chunks, read by a job',
        params: IdParams,
        body: ReplaceDocumentBody,
        response: { 202: DocumentAccepted, ...problems(400, 401, 403, 404, 413, 422) },
      },
    },
    async (request, reply) => {
      const { uploadId, url } = request.body;
      const source = url !== undefined ? { url } : { uploadId: uploadId ?? '' };
      return reply.status(202).send(await intake.replace(request.em, authOf(request), request.params.id, source));
    },
  );
  app.delete(
    '/v1/knowledge/documents/:id',
    {
      preHandler: author,
      schema: {
        tags,
        summary: 'Delete a document and its chunks (GET it first: its citations are the lesson versions left without this source)',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await library.deleteDocument(request.em, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
