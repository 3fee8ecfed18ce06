import { Type } from 'typebox';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = (max: number) => Type.String({ maxLength: max });
const object = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

export const QuizQuestionSchema = object({
  id: Id,
  prompt: Type.String({ minLength: 1, maxLength: 1000 }),
  choices: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 2, maxItems: 8 }),
  answerIndex: Type.Integer({ minimum: 0, maximum: 7 }),
  explanation: Text(2000),
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
]);

export const BlocksSchema = Type.Array(BlockSchema, { maxItems: 500 });
