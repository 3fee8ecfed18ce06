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

export function activitiesSchema(questionCount: number, flashcardCount: number): JsonSchema {
  return {
    type: 'object',
    required: ['quiz', 'flashcards'],
    additionalProperties: false,
    properties: {
      quiz: {
        type: 'array',
        maxItems: questionCount,
        items: {
          type: 'object',
          required: ['prompt', 'choices', 'answerIndex', 'explanation'],
          additionalProperties: false,
          properties: {
            prompt: { type: 'string', minLength: 1, maxLength: 1000 },
            choices: { type: 'array', minItems: 2, maxItems: 6, items: { type: 'string', minLength: 1, maxLength: 500 } },
            answerIndex: { type: 'integer', minimum: 0, maximum: 5 },
            explanation: { type: 'string', maxLength: 2000 },
          },
        },
      },
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
