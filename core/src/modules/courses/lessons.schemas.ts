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
  plugin: Type.Optional(Type.String({ description: 'The plugin that wrote the body, e.g. ai-openai' })),
  activitiesBy: Type.Optional(
    Type.Object({ plugin: Type.String(), provider: Type.String(), model: Type.String() }, { description: 'Who wrote the quiz and flashcards' }),
  ),
  fallbacks: Type.Optional(
    Type.Array(Type.Object({ task: Type.String(), plugin: Type.String(), reason: Type.String() }), {
      description: 'Providers the routing chain moved past (failed, over a cap, or unable to follow the instruction), and why',
    }),
  ),
  instructionCheck: Type.Optional(
    Type.Object(
      {
        followed: Type.Boolean(),
        terms: Type.Array(Type.String()),
        missing: Type.Array(Type.String()),
        message: Type.Union([Type.String(), Type.Null()]),
      },
      { description: "A model's rewrite checked against the instruction: its key terms appear, a shorter text is shorter, a list is a list" },
    ),
  ),
  promptVersion: Type.Optional(Type.String()),
  sourceChunkIds: Type.Optional(Type.Array(Type.String())),
  instruction: Type.Optional(Type.String()),
  authorId: Type.Optional(Type.String()),
  copiedFrom: Type.Optional(
    Type.Object(
      { lessonId: Type.String(), version: Type.Integer() },
      { description: 'The lesson version this one was copied from (a duplicated course, or one started from a template)' },
    ),
  ),
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
