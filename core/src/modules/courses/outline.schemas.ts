import { Type } from 'typebox';
import { LESSON_STATUSES } from './lesson.entity.ts';

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Objectives = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 10 });

export const LessonSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  objectives: Type.Array(Type.String()),
  status: Type.Enum(LESSON_STATUSES),
  currentVersion: Type.Integer({ description: '0 until content exists' }),
});

export const OutlineView = Type.Object({
  courseId: Type.String(),
  provenance: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  modules: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), lessons: Type.Array(LessonSummary) })),
});

export const OutlineEditBody = Type.Object(
  {
    modules: Type.Array(
      Type.Object(
        {
          id: Type.Optional(Type.String({ format: 'uuid' })),
          title: Title,
          lessons: Type.Array(
            Type.Object(
              { id: Type.Optional(Type.String({ format: 'uuid' })), title: Title, objectives: Objectives },
              { additionalProperties: false },
            ),
            {
              maxItems: 30,
            },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
  },
  { additionalProperties: false, description: 'The whole outline in order; items without id are added, missing items are removed' },
);
