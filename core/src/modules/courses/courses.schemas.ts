import { Type } from 'typebox';
import { COURSE_STATUSES } from './course-status.ts';

export const CourseView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  desiredOutcome: Type.String(),
  language: Type.String(),
  status: Type.Enum(COURSE_STATUSES, {
    description:
      'published: in the catalogue. Otherwise derived when read: generating while a lessons or lesson job is queued or running; ready when every lesson has content; draft before that.',
  }),
  smeIds: Type.Array(Type.String()),
  audienceIds: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Outcome = Type.String({ maxLength: 4000 });
const Language = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47 tag, e.g. en or pt-BR' });

const Ids = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20, uniqueItems: true });

export const CreateCourseBody = Type.Object(
  {
    title: Title,
    desiredOutcome: Type.Optional(Outcome),
    language: Type.Optional(Language),
    smeIds: Type.Optional(Ids),
    audienceIds: Type.Optional(Ids),
  },
  { additionalProperties: false },
);

export const UpdateCourseBody = Type.Object(
  {
    title: Type.Optional(Title),
    desiredOutcome: Type.Optional(Outcome),
    language: Type.Optional(Language),
    smeIds: Type.Optional(Ids),
    audienceIds: Type.Optional(Ids),
  },
  { additionalProperties: false, minProperties: 1 },
);
