import { Type } from 'typebox';
import { Tags } from '../../http/tags.ts';
import { AUDIENCE_LEVELS } from './audience.entity.ts';
import { DOCUMENT_MEDIA_TYPES } from './text-extraction.ts';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const LongText = Type.String({ maxLength: 4000 });

export const SmeView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  expertise: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export const CreateSmeBody = Type.Object({ name: Name, expertise: LongText }, { additionalProperties: false });
export const UpdateSmeBody = Type.Object(
  { name: Type.Optional(Name), expertise: Type.Optional(LongText) },
  { additionalProperties: false, minProperties: 1 },
);

export const DocumentView = Type.Object({
  id: Type.String(),
  smeId: Type.String(),
  title: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  chunkCount: Type.Optional(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
});

/** Pasted text only: files (PDFs above all) go through presigned uploads, so no request carries one to parse. */
export const CONTENT_MAX_LENGTH = 2_000_000;

export const Language = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47 tag, e.g. en or pt-BR' });
export const WebPageUrl = Type.String({
  maxLength: 2000,
  pattern: '^https?://',
  description: 'A web page (or a text, PDF or DOCX file) fetched by the extraction job through the egress guard',
});

export const UploadDocumentBody = Type.Object(
  {
    title: Name,
    uploadId: Type.Optional(
      Type.String({ format: 'uuid', description: 'A completed upload (POST /v1/uploads) holding the PDF, DOCX, Markdown, text or HTML file' }),
    ),
    url: Type.Optional(WebPageUrl),
    language: Type.Optional({ ...Language, description: 'The language of the document; its text-search configuration indexes it (default en)' }),
    tags: Type.Optional(Tags),
    mediaType: Type.Optional(
      Type.Enum(DOCUMENT_MEDIA_TYPES, { description: 'Without uploadId: the type of content (text/plain or text/markdown; a PDF needs an upload)' }),
    ),
    content: Type.Optional(
      Type.String({ maxLength: CONTENT_MAX_LENGTH, description: 'Without uploadId: pasted text, for text/plain and text/markdown' }),
    ),
  },
  { additionalProperties: false },
);
export const DocumentAccepted = Type.Object({
  jobId: Type.String({ description: 'The extraction job; `document.extracted` on its stream when the document is indexed' }),
  documentId: Type.String({ description: 'The id the document gets once its text is extracted' }),
});

export const SmeDocumentParams = Type.Object({ id: Type.String({ format: 'uuid' }), documentId: Type.String({ format: 'uuid' }) });

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 500 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});
export const ChunkView = Type.Object({
  id: Type.String(),
  smeId: Type.String(),
  documentId: Type.String(),
  smeName: Type.String(),
  documentTitle: Type.String(),
  text: Type.String(),
  rank: Type.Number(),
});

export const AudienceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  level: Type.Enum(AUDIENCE_LEVELS),
  priorKnowledge: Type.String(),
  goals: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
const audienceFields = { name: Name, role: Name, level: Type.Enum(AUDIENCE_LEVELS), priorKnowledge: LongText, goals: LongText };
export const CreateAudienceBody = Type.Object(audienceFields, { additionalProperties: false });
export const UpdateAudienceBody = Type.Partial(Type.Object(audienceFields, { additionalProperties: false }), { minProperties: 1 });
