import { Type } from 'typebox';

const Id = Type.String();
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([Type.Null(), DateTime]);

export const PublicationView = Type.Object({
  courseId: Id,
  number: Type.Integer({ description: 'Counts publications of this course: 1, 2, …' }),
  publishedAt: DateTime,
  lessonCount: Type.Integer(),
  status: Type.Enum(['published', 'unpublished'], { description: 'Whether learners can see it now' }),
  changedLessons: Type.Integer({
    minimum: 0,
    description: 'Lessons whose current version is not the published one, or that were added or removed since: what publishing again would change',
  }),
  outlineChanged: Type.Boolean({ description: 'Whether the course title, modules, lesson titles or objectives differ from the publication' }),
});

export const PublishedOutlineView = Type.Array(
  Type.Object({
    id: Id,
    title: Type.String(),
    lessons: Type.Array(Type.Object({ id: Id, title: Type.String(), objectives: Type.Array(Type.String()) })),
  }),
);

export const CatalogueEntryView = Type.Object({
  id: Id,
  title: Type.String(),
  description: Type.String(),
  language: Type.String(),
  publishedAt: DateTime,
  moduleCount: Type.Integer(),
  lessonCount: Type.Integer(),
  enrolmentId: Type.Union([Type.Null(), Id], { description: "The caller's enrolment, if any" }),
});

export const QuizProgressView = Type.Object({
  blockId: Id,
  attempts: Type.Integer(),
  bestCorrect: Type.Integer(),
  total: Type.Integer(),
  passed: Type.Boolean(),
});

export const LessonProgressView = Type.Object({
  lessonId: Id,
  completedAt: NullableDateTime,
  quizzes: Type.Array(QuizProgressView, { description: 'Quiz blocks attempted so far' }),
});

export const EnrolmentView = Type.Object({
  id: Id,
  courseId: Id,
  courseTitle: Type.String(),
  courseAvailable: Type.Boolean({ description: 'False while the course is unpublished; progress is kept' }),
  enrolledAt: DateTime,
  completedAt: Type.Union([Type.Null(), DateTime], { description: 'When every published lesson was first complete' }),
  totalLessons: Type.Integer(),
  completedLessons: Type.Integer(),
  nextLessonId: Type.Union([Type.Null(), Id], { description: 'The first incomplete lesson in course order' }),
  lessons: Type.Array(LessonProgressView, { description: 'Every lesson of the published course, in order' }),
});

export const LearnerCourseView = Type.Object({
  id: Id,
  title: Type.String(),
  description: Type.String(),
  language: Type.String(),
  publishedAt: DateTime,
  modules: PublishedOutlineView,
  enrolment: Type.Union([Type.Null(), EnrolmentView]),
});

const object = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

const QuestionKind = Type.Enum(['single', 'multiple', 'true-false', 'short-answer', 'ordering', 'matching']);

const FileUrl = Type.Union([Type.Null(), Type.String()], { description: 'Presigned GET, valid for minutes; null if there is no file or it is gone' });

const LearnerMediaView = object({
  id: Id,
  type: Type.Literal('media'),
  kind: Type.Enum(['video', 'audio']),
  title: Type.String(),
  source: Type.Union([
    object({ from: Type.Literal('upload'), storageKey: Type.String() }),
    object({ from: Type.Literal('embed'), provider: Type.Enum(['youtube', 'vimeo']), videoId: Type.String() }),
  ]),
  captions: Type.Optional(object({ storageKey: Type.String(), language: Type.String(), label: Type.String() })),
  transcript: Type.String(),
  url: FileUrl,
  captionsUrl: FileUrl,
});

const LearnerAttachmentView = object({
  id: Id,
  type: Type.Literal('attachment'),
  storageKey: Type.String(),
  fileName: Type.String(),
  description: Type.Optional(Type.String()),
  url: FileUrl,
});

const LearnerExternalToolView = object({
  id: Id,
  type: Type.Literal('external-tool'),
  toolId: Type.String(),
  title: Type.String(),
  resourceLink: Type.Optional(
    object({
      url: Type.Optional(Type.String()),
      title: Type.Optional(Type.String()),
      custom: Type.Optional(Type.Record(Type.String(), Type.String())),
      lineItem: Type.Optional(object({ label: Type.Optional(Type.String()), scoreMaximum: Type.Number() })),
    }),
  ),
});

/** Lesson blocks as learners get them: quizzes without answers, images with a short-lived URL. */
export const LearnerBlockView = Type.Union([
  object({ id: Id, type: Type.Literal('heading'), level: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]), text: Type.String() }),
  object({ id: Id, type: Type.Literal('markdown'), markdown: Type.String() }),
  object({ id: Id, type: Type.Literal('callout'), tone: Type.Enum(['info', 'tip', 'warning']), markdown: Type.String() }),
  object({ id: Id, type: Type.Literal('code'), language: Type.String(), code: Type.String() }),
  object({
    id: Id,
    type: Type.Literal('image'),
    storageKey: Type.String(),
    alt: Type.String(),
    caption: Type.Optional(Type.String()),
    url: Type.Union([Type.Null(), Type.String()], { description: 'Presigned GET, valid for minutes; null if the file is gone' }),
  }),
  object({
    id: Id,
    type: Type.Literal('quiz'),
    questions: Type.Array(
      object({
        id: Id,
        kind: QuestionKind,
        prompt: Type.String(),
        choices: Type.Optional(Type.Array(Type.String(), { description: 'single and multiple only' })),
        items: Type.Optional(Type.Array(Type.String(), { description: 'ordering: the items in the order shown (never the right one)' })),
        sources: Type.Optional(Type.Array(Type.String(), { description: 'matching: the left-hand sides' })),
        targets: Type.Optional(Type.Array(Type.String(), { description: 'matching: the right-hand sides, shuffled' })),
      }),
    ),
  }),
  object({
    id: Id,
    type: Type.Literal('flashcards'),
    cards: Type.Array(object({ id: Id, front: Type.String(), back: Type.String() })),
  }),
  LearnerMediaView,
  LearnerAttachmentView,
  LearnerExternalToolView,
]);

export const LearnerLessonView = Type.Object({
  id: Id,
  courseId: Id,
  moduleId: Id,
  title: Type.String(),
  objectives: Type.Array(Type.String()),
  position: Type.Integer({ description: '0-based place in the whole course' }),
  previousLessonId: Type.Union([Type.Null(), Id]),
  nextLessonId: Type.Union([Type.Null(), Id]),
  blocks: Type.Array(LearnerBlockView),
  progress: LessonProgressView,
});

export const ProgressBody = Type.Object({ completed: Type.Boolean() }, { additionalProperties: false });
export const TimeReportBody = Type.Object(
  {
    seconds: Type.Integer({
      minimum: 1,
      maximum: 3600,
      description:
        'Active seconds since the previous report (visible tab, recent input). At most 60 are credited per report, and never more than the time since the previous one',
    }),
  },
  { additionalProperties: false },
);
export const TimeReportView = Type.Object({ lessonId: Type.String(), timeSpentSeconds: Type.Integer({ description: "The lesson's total" }) });

export const QuizAttemptBody = Type.Object(
  {
    blockId: Type.String({ minLength: 1, maxLength: 64 }),
    answers: Type.Array(
      Type.Object(
        {
          questionId: Type.String({ minLength: 1, maxLength: 64 }),
          choiceIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: 7, description: 'single-choice questions' })),
          choiceIndices: Type.Optional(
            Type.Array(Type.Integer({ minimum: 0, maximum: 7 }), { maxItems: 8, description: 'questions with several answers' }),
          ),
          answer: Type.Optional(Type.Boolean({ description: 'true/false questions' })),
          text: Type.Optional(Type.String({ maxLength: 500, description: 'short-answer questions' })),
          order: Type.Optional(
            Type.Array(Type.Integer({ minimum: 0, maximum: 7 }), {
              maxItems: 8,
              description: 'ordering questions: the items as arranged, each as its position in `items` as shown',
            }),
          ),
          matches: Type.Optional(
            Type.Array(Type.Integer({ minimum: 0, maximum: 7 }), {
              maxItems: 8,
              description: 'matching questions: for each of `sources`, the position in `targets` of its match',
            }),
          ),
        },
        { additionalProperties: false, description: 'One response per question, in the field its kind asks for' },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

export const QuizAttemptView = Type.Object({
  id: Id,
  lessonId: Id,
  blockId: Id,
  correct: Type.Integer(),
  total: Type.Integer(),
  passed: Type.Boolean({ description: "At least the course's pass mark (70 % unless the course sets its own) correct" }),
  passMark: Type.Integer({ description: 'The pass mark applied, in percent' }),
  results: Type.Array(
    Type.Object({
      questionId: Id,
      kind: QuestionKind,
      correct: Type.Boolean(),
      explanation: Type.String(),
      choiceIndex: Type.Optional(Type.Integer()),
      choiceIndices: Type.Optional(Type.Array(Type.Integer())),
      answer: Type.Optional(Type.Boolean()),
      text: Type.Optional(Type.String()),
      correctIndex: Type.Optional(Type.Integer({ description: 'single: the right choice' })),
      correctIndices: Type.Optional(Type.Array(Type.Integer(), { description: 'multiple: every right choice' })),
      correctAnswer: Type.Optional(Type.Boolean({ description: 'true-false: the right answer' })),
      acceptedAnswers: Type.Optional(Type.Array(Type.String(), { description: 'short-answer with exact matching' })),
      order: Type.Optional(Type.Array(Type.Integer())),
      matches: Type.Optional(Type.Array(Type.Integer())),
      correctOrder: Type.Optional(Type.Array(Type.Integer(), { description: 'ordering: the positions in `items` in the right order' })),
      correctMatches: Type.Optional(
        Type.Array(Type.Integer(), { description: 'matching: for each of `sources`, the position in `targets` of its match' }),
      ),
    }),
  ),
  createdAt: DateTime,
  lesson: LessonProgressView,
});

export const CourseLearnersView = Type.Object({
  courseId: Id,
  published: Type.Boolean(),
  lessons: Type.Array(Type.Object({ id: Id, title: Type.String(), moduleTitle: Type.String() }), {
    description: 'Lessons of the newest publication, in order; empty if never published',
  }),
  items: Type.Array(
    Type.Object({
      ...EnrolmentView.properties,
      userId: Id,
      email: Type.String(),
    }),
  ),
});

export const CourseIdParams = Type.Object({ courseId: Type.String({ format: 'uuid' }) });
export const CourseLessonParams = Type.Object({ courseId: Type.String({ format: 'uuid' }), lessonId: Type.String({ format: 'uuid' }) });
export const EnrolmentLessonParams = Type.Object({ id: Type.String({ format: 'uuid' }), lessonId: Type.String({ format: 'uuid' }) });
