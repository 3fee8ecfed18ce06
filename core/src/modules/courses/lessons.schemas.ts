import { Type } from 'typebox';
import { BlocksSchema } from './block.schemas.ts';
import { LessonSummary } from './outline.schemas.ts';

export const ProvenanceView = Type.Object({
  source: Type.Enum(['generated', 'author']),
  provider: Type.Optional(Type.String()),
  providerLabel: Type.Optional(Type.String()),
  /** True when the provider assembled the version from the documents without a language model. */
  withoutModel: Type.Optional(Type.Boolean()),
  model: Type.Optional(Type.String()),
  promptVersion: Type.Optional(Type.String()),
  sourceChunkIds: Type.Optional(Type.Array(Type.String())),
  instruction: Type.Optional(Type.String()),
  authorId: Type.Optional(Type.String()),
  inputTokens: Type.Optional(Type.Integer()),
  outputTokens: Type.Optional(Type.Integer()),
});

export const LessonVersionView = Type.Object({
  version: Type.Integer(),
  blocks: BlocksSchema,
  provenance: ProvenanceView,
  createdAt: Type.String({ format: 'date-time' }),
});

export const LessonView = Type.Object({
  ...LessonSummary.properties,
  courseId: Type.String(),
  moduleId: Type.String(),
  content: Type.Union([LessonVersionView, Type.Null()]),
});

export const SaveBlocksBody = Type.Object({ blocks: BlocksSchema }, { additionalProperties: false });
export const RestoreBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
