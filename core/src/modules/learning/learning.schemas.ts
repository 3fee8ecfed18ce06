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
    questions: Type.Array(object({ id: Id, prompt: Type.String(), choices: Type.Array(Type.String()) })),
  }),
  object({
    id: Id,
    type: Type.Literal('flashcards'),
    cards: Type.Array(object({ id: Id, front: Type.String(), back: Type.String() })),
  }),
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

export const QuizAttemptBody = Type.Object(
  {
    blockId: Type.String({ minLength: 1, maxLength: 64 }),
    answers: Type.Array(
      Type.Object(
        { questionId: Type.String({ minLength: 1, maxLength: 64 }), choiceIndex: Type.Integer({ minimum: 0, maximum: 7 }) },
        { additionalProperties: false },
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
  passed: Type.Boolean({ description: 'At least 70 % of the questions correct' }),
  results: Type.Array(
    Type.Object({
      questionId: Id,
      choiceIndex: Type.Integer(),
      correct: Type.Boolean(),
      correctIndex: Type.Integer(),
      explanation: Type.String(),
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
