import { Type } from 'typebox';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = (max: number) => Type.String({ maxLength: max });
const object = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

const Prompt = Type.String({ minLength: 1, maxLength: 1000 });
const Choices = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 2, maxItems: 8 });

/** One correct choice; `kind` may be absent (questions written before other kinds existed). */
const SingleChoiceSchema = object({
  id: Id,
  kind: Type.Optional(Type.Literal('single')),
  prompt: Prompt,
  choices: Choices,
  answerIndex: Type.Integer({ minimum: 0, maximum: 7 }),
  explanation: Text(2000),
});

const MultipleChoiceSchema = object({
  id: Id,
  kind: Type.Literal('multiple'),
  prompt: Prompt,
  choices: Choices,
  answerIndices: Type.Array(Type.Integer({ minimum: 0, maximum: 7 }), { minItems: 1, maxItems: 8, uniqueItems: true }),
  explanation: Text(2000),
});

const TrueFalseSchema = object({ id: Id, kind: Type.Literal('true-false'), prompt: Prompt, answer: Type.Boolean(), explanation: Text(2000) });

const ShortAnswerSchema = object({
  id: Id,
  kind: Type.Literal('short-answer'),
  prompt: Prompt,
  match: Type.Enum(['exact', 'pattern']),
  answers: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
    minItems: 1,
    maxItems: 10,
    description: 'Accepted answers (exact), or one regular expression the whole answer must match (pattern)',
  }),
  caseSensitive: Type.Boolean(),
  explanation: Text(2000),
});

const StorageKey = Type.String({ minLength: 1, maxLength: 500 });

const MediaSourceSchema = Type.Union([
  object({ from: Type.Literal('upload'), storageKey: StorageKey }),
  object({
    from: Type.Literal('embed'),
    provider: Type.Enum(['youtube', 'vimeo']),
    videoId: Type.String({
      minLength: 1,
      maxLength: 20,
      pattern: '^[\\w-]+$',
      description: 'Parsed from the pasted address; players are built from it',
    }),
  }),
]);

const MediaBlockSchema = object({
  id: Id,
  type: Type.Literal('media'),
  kind: Type.Enum(['video', 'audio']),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  source: MediaSourceSchema,
  captions: Type.Optional(
    object({
      storageKey: StorageKey,
      language: Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' }),
      label: Type.String({ minLength: 1, maxLength: 100 }),
    }),
  ),
  transcript: Text(100_000),
});

const AttachmentBlockSchema = object({
  id: Id,
  type: Type.Literal('attachment'),
  storageKey: StorageKey,
  fileName: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(Text(500)),
});

const OrderingSchema = object({
  id: Id,
  kind: Type.Literal('ordering'),
  prompt: Prompt,
  items: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
    minItems: 2,
    maxItems: 8,
    uniqueItems: true,
    description: 'In the correct order; learners see them shuffled',
  }),
  explanation: Text(2000),
});

const MatchingSchema = object({
  id: Id,
  kind: Type.Literal('matching'),
  prompt: Prompt,
  pairs: Type.Array(object({ left: Type.String({ minLength: 1, maxLength: 300 }), right: Type.String({ minLength: 1, maxLength: 300 }) }), {
    minItems: 2,
    maxItems: 8,
    description: 'Each left with its right; learners see the rights shuffled',
  }),
  explanation: Text(2000),
});

export const QuizQuestionSchema = Type.Union([
  SingleChoiceSchema,
  MultipleChoiceSchema,
  TrueFalseSchema,
  ShortAnswerSchema,
  OrderingSchema,
  MatchingSchema,
]);

/** An external LTI tool launched in the lesson; `resourceLink` comes from Deep Linking. */
const ExternalToolBlockSchema = object({
  id: Id,
  type: Type.Literal('external-tool'),
  toolId: Type.String({ minLength: 36, maxLength: 36, pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  resourceLink: Type.Optional(
    object({
      url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, pattern: '^https?://[^\\s]+$' })),
      title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
      custom: Type.Optional(
        Type.Record(Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$' }), Type.String({ maxLength: 2000 }), { maxProperties: 30 }),
      ),
      lineItem: Type.Optional(
        object({
          label: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
          scoreMaximum: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }),
        }),
      ),
    }),
  ),
});

/** Every block type a lesson can hold; checked at every write, generated or edited. */
export const BlockSchema = Type.Union([
  object({
    id: Id,
    type: Type.Literal('heading'),
    level: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
    text: Type.String({ minLength: 1, maxLength: 300 }),
  }),
  object({ id: Id, type: Type.Literal('markdown'), markdown: Text(50_000) }),
  object({ id: Id, type: Type.Literal('callout'), tone: Type.Enum(['info', 'tip', 'warning']), markdown: Text(5000) }),
  object({ id: Id, type: Type.Literal('code'), language: Text(40), code: Text(50_000) }),
  object({
    id: Id,
    type: Type.Literal('image'),
    storageKey: Type.String({ minLength: 1, maxLength: 500 }),
    alt: Text(500),
    caption: Type.Optional(Text(500)),
  }),
  object({ id: Id, type: Type.Literal('quiz'), questions: Type.Array(QuizQuestionSchema, { minItems: 1, maxItems: 50 }) }),
  object({
    id: Id,
    type: Type.Literal('flashcards'),
    cards: Type.Array(
      object({ id: Id, front: Type.String({ minLength: 1, maxLength: 500 }), back: Type.String({ minLength: 1, maxLength: 2000 }) }),
      { minItems: 1, maxItems: 100 },
    ),
  }),
  MediaBlockSchema,
  AttachmentBlockSchema,
  ExternalToolBlockSchema,
]);

export const BlocksSchema = Type.Array(BlockSchema, { maxItems: 500 });
