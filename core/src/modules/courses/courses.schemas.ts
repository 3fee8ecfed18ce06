import { Type } from 'typebox';
import { Text } from '../../http/common.schemas.ts';
import { Tag, Tags } from '../../http/tags.ts';
import { COURSE_KINDS } from './course.entity.ts';
import { DEFAULT_PAGE_SIZE } from './course-list.ts';
import { COURSE_STATUSES } from './course-status.ts';

const PassMark = Type.Integer({
  minimum: 1,
  maximum: 100,
  description: "Percent of a quiz's questions a learner must answer correctly to pass it (default 70)",
});

export const CourseView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  desiredOutcome: Type.String(),
  language: Type.String(),
  status: Type.Enum(COURSE_STATUSES, {
    description:
      'published: in the catalogue. Otherwise derived when read: generating while a lessons or lesson job is queued or running; ready when every lesson has content; draft before that.',
  }),
  kind: Type.Enum(COURSE_KINDS, { description: 'template: a starting point for new courses, listed apart and never published' }),
  archivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the course was archived: out of the list and the catalogue, enrolments and certificates kept',
  }),
  smeIds: Type.Array(Type.String()),
  audienceIds: Type.Array(Type.String()),
  passMark: PassMark,
  tags: Type.Array(Type.String()),
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
    passMark: Type.Optional(PassMark),
    tags: Type.Optional(Tags),
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
    passMark: Type.Optional(PassMark),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CourseListQuery = Type.Object(
  {
    q: Type.Optional(
      Text({
        maxLength: 200,
        description:
          'Words in the title, the desired outcome, a lesson title, or what the lessons say now (headings, text, callouts, video and audio transcripts); case-insensitive',
      }),
    ),
    kind: Type.Optional(Type.Enum(COURSE_KINDS, { default: 'course', description: 'course (default) or template' })),
    tag: Type.Optional({ ...Tag, description: 'Only courses with this tag' }),
    archived: Type.Optional(Type.Boolean({ default: false, description: 'true lists only archived courses, false (default) only the others' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page, as returned' })),
  },
  { additionalProperties: false },
);

export const CourseListView = Type.Object({
  items: Type.Array(CourseView),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next page; null on the last page' }),
});

export const DuplicateCourseBody = Type.Object(
  {
    kind: Type.Optional(
      Type.Enum(COURSE_KINDS, {
        default: 'course',
        description: 'course: a new draft (duplicating a course, or starting one from a template); template: save as a template',
      }),
    ),
    title: Type.Optional(Title),
  },
  { additionalProperties: false },
);
