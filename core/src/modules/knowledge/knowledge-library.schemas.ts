import { Type } from 'typebox';
import { Tag, Tags } from '../../http/tags.ts';
import { Language, WebPageUrl } from './knowledge.schemas.ts';

export const LibraryDocumentView = Type.Object({
  id: Type.String(),
  smeId: Type.String(),
  smeName: Type.String(),
  title: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  language: Type.String(),
  tags: Type.Array(Type.String()),
  sourceUrl: Type.Union([Type.String(), Type.Null()]),
  chunkCount: Type.Integer(),
  citingVersionCount: Type.Integer({ description: 'Lesson versions that cite a chunk of this document' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const LibraryQuery = Type.Object({
  tag: Type.Optional(Tag),
  smeId: Type.Optional(Type.String({ format: 'uuid' })),
});

export const LibrarySearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 500 }),
  tag: Type.Optional(Tag),
  language: Type.Optional({
    ...Language,
    description: "Read the query with this language's text-search configuration; without it each document is matched in its own",
  }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});

export const CitationView = Type.Object({
  courseId: Type.String(),
  courseTitle: Type.String(),
  lessonId: Type.String(),
  lessonTitle: Type.String(),
  version: Type.Integer(),
  current: Type.Boolean({ description: "The lesson's current version" }),
  chunkIds: Type.Array(Type.String()),
});

export const DocumentPreview = Type.Object({
  document: LibraryDocumentView,
  chunks: Type.Array(
    Type.Object({
      id: Type.String(),
      position: Type.Integer(),
      heading: Type.Union([Type.String(), Type.Null()]),
      text: Type.String(),
      citedBy: Type.Array(CitationView),
    }),
  ),
  citations: Type.Array(CitationView, {
    description: 'Every lesson version citing the document: what a replacement or deletion leaves without its source',
  }),
});

export const UpdateDocumentBody = Type.Object(
  { title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), tags: Type.Optional(Tags) },
  { additionalProperties: false, minProperties: 1 },
);

export const ReplaceDocumentBody = Type.Object(
  {
    uploadId: Type.Optional(Type.String({ format: 'uuid', description: 'A completed upload holding the new file' })),
    url: Type.Optional(WebPageUrl),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
