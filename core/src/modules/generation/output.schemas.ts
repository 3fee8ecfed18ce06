import type { JsonSchema } from '@mirai/sdk-plugin';

/**
 * JSON Schemas the providers' structured output must satisfy (sent with each request). The
 * outline's counts are upper bounds: a short document gets fewer modules and lessons.
 */
export function outlineSchema(moduleCount: number, lessonsPerModule: number): JsonSchema {
  return {
    type: 'object',
    required: ['modules'],
    additionalProperties: false,
    properties: {
      modules: {
        type: 'array',
        minItems: 1,
        maxItems: moduleCount,
        items: {
          type: 'object',
          required: ['title', 'lessons'],
          additionalProperties: false,
          properties: {
            title: { type: 'string', minLength: 1, maxLength: 200 },
            lessons: {
              type: 'array',
              minItems: 1,
              maxItems: lessonsPerModule,
              items: {
                type: 'object',
                required: ['title', 'objectives'],
                additionalProperties: false,
                properties: {
                  title: { type: 'string', minLength: 1, maxLength: 200 },
                  objectives: { type: 'array', minItems: 1, maxItems: 6, items: { type: 'string', minLength: 1, maxLength: 500 } },
                },
              },
            },
          },
        },
      },
    },
  };
}

const text = (maxLength: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength });
const question = (kind: string | null, properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required: [...(kind === null ? [] : ['kind']), 'prompt', ...Object.keys(properties), 'explanation'],
  additionalProperties: false,
  properties: {
    ...(kind === null ? {} : { kind: { type: 'string', enum: [kind] } }),
    prompt: text(1000),
    ...properties,
    explanation: { type: 'string', maxLength: 2000 },
  },
});

/** The question kinds generation asks for, and the JSON shape of each (single choice has no `kind`, as before kinds existed). */
export const GENERATED_QUESTION_KINDS = ['single', 'multiple', 'true-false', 'ordering', 'matching'] as const;

const QUESTION_SHAPES: Record<(typeof GENERATED_QUESTION_KINDS)[number], JsonSchema> = {
  single: question(null, {
    choices: { type: 'array', minItems: 2, maxItems: 6, items: text(500) },
    answerIndex: { type: 'integer', minimum: 0, maximum: 5 },
  }),
  multiple: question('multiple', {
    choices: { type: 'array', minItems: 3, maxItems: 6, items: text(500) },
    answerIndices: { type: 'array', minItems: 1, maxItems: 6, uniqueItems: true, items: { type: 'integer', minimum: 0, maximum: 5 } },
  }),
  'true-false': question('true-false', { answer: { type: 'boolean' } }),
  ordering: question('ordering', { items: { type: 'array', minItems: 3, maxItems: 8, uniqueItems: true, items: text(300) } }),
  matching: question('matching', {
    pairs: {
      type: 'array',
      minItems: 3,
      maxItems: 6,
      items: { type: 'object', required: ['left', 'right'], additionalProperties: false, properties: { left: text(300), right: text(300) } },
    },
  }),
};

export function activitiesSchema(questionCount: number, flashcardCount: number): JsonSchema {
  return {
    type: 'object',
    required: ['quiz', 'flashcards'],
    additionalProperties: false,
    properties: {
      quiz: { type: 'array', maxItems: questionCount, items: { anyOf: GENERATED_QUESTION_KINDS.map((kind) => QUESTION_SHAPES[kind]) } },
      flashcards: {
        type: 'array',
        maxItems: flashcardCount,
        items: {
          type: 'object',
          required: ['front', 'back'],
          additionalProperties: false,
          properties: { front: { type: 'string', minLength: 1, maxLength: 500 }, back: { type: 'string', minLength: 1, maxLength: 2000 } },
        },
      },
    },
  };
}
