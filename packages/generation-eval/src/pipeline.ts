import type {
  AiProvider,
  CourseBrief,
  JsonSchema,
  JsonValue,
  LessonActivitiesDraft,
  OutlineDraft,
  SourceChunk,
  TenantContext,
} from '@mirai/sdk-plugin';
import type { GeneratedCourse, GeneratedLesson } from './score.ts';
import { contentStems } from './text.ts';

/** Counts core's generation handlers ask for (lesson.handler.ts). */
const QUESTIONS = 3;
const FLASHCARDS = 4;
const LESSON_SOURCES = 8;

const text = { type: 'string', minLength: 1 } as const;
/** The shapes of OutlineDraft and LessonActivitiesDraft, for providers that constrain output to a schema. */
const OUTLINE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['modules'],
  properties: {
    modules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['title', 'lessons'],
        properties: {
          title: text,
          lessons: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['title', 'objectives'],
              properties: { title: text, objectives: { type: 'array', minItems: 1, items: text } },
            },
          },
        },
      },
    },
  },
};
const ACTIVITIES_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['quiz', 'flashcards'],
  properties: {
    quiz: {
      type: 'array',
      items: {
        type: 'object',
        required: ['prompt', 'choices', 'answerIndex', 'explanation'],
        properties: {
          prompt: text,
          choices: { type: 'array', minItems: 2, items: text },
          answerIndex: { type: 'integer', minimum: 0 },
          explanation: { type: 'string' },
        },
      },
    },
    flashcards: { type: 'array', items: { type: 'object', required: ['front', 'back'], properties: { front: text, back: text } } },
  },
};

export interface PipelineOptions {
  moduleCount?: number;
  lessonsPerModule?: number;
}

/**
 * A lesson's excerpts as core's `lessonSources` picks them: those under the heading the lesson
 * is named after, in order, then the best matches for its title and objectives. Word overlap
 * stands in for PostgreSQL's full-text ranking here.
 */
export function lessonExcerpts(excerpts: readonly SourceChunk[], title: string, objectives: readonly string[]): SourceChunk[] {
  const own = excerpts.filter((excerpt) => (excerpt.heading ?? '').toLowerCase() === title.toLowerCase()).slice(0, 6);
  const query = new Set(contentStems(`${title} ${objectives.join(' ')}`));
  const related = excerpts
    .filter((excerpt) => !own.includes(excerpt))
    .map((excerpt, index) => ({ excerpt, index, score: contentStems(excerpt.text).filter((s) => query.has(s)).length }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, 6)
    .map(({ excerpt }) => excerpt);
  return [...own, ...related].slice(0, Math.max(LESSON_SOURCES, own.length));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asOutline(value: JsonValue): OutlineDraft {
  if (!isRecord(value) || !Array.isArray(value.modules)) throw new Error('the provider returned no outline');
  return value as unknown as OutlineDraft;
}

function asActivities(value: JsonValue): LessonActivitiesDraft {
  if (!isRecord(value) || !Array.isArray(value.quiz) || !Array.isArray(value.flashcards)) throw new Error('the provider returned no activities');
  return value as unknown as LessonActivitiesDraft;
}

/**
 * Runs one course through a provider the way core's outline and lesson handlers do (the same
 * structured tasks and counts; prompts are not rendered, so a model provider sees the task's
 * sources in its prompt as plain text): outline from every excerpt in document order, then each
 * lesson's body and activities from its excerpts.
 */
export async function generateCourse(
  ai: AiProvider,
  tenant: TenantContext,
  course: CourseBrief,
  excerpts: readonly SourceChunk[],
  options: PipelineOptions = {},
): Promise<GeneratedCourse> {
  const sourcesText = (sources: readonly SourceChunk[]) =>
    sources.map((s, i) => `[${i + 1}] ${s.smeName}, "${s.documentTitle}":\n${s.text}`).join('\n\n');
  const moduleCount = options.moduleCount ?? 4;
  const lessonsPerModule = options.lessonsPerModule ?? 3;
  const outline = asOutline(
    (
      await ai.generateJson(
        {
          prompt: `Write a course outline of at most ${moduleCount} modules of at most ${lessonsPerModule} lessons for "${course.title}" (${course.desiredOutcome}) as JSON {modules:[{title, lessons:[{title, objectives[]}]}]}, grounded in these excerpts:\n${sourcesText(excerpts)}`,
          schemaName: 'course_outline',
          schema: OUTLINE_SCHEMA,
          task: { kind: 'course-outline', course, sources: [...excerpts], moduleCount, lessonsPerModule },
        },
        tenant,
      )
    ).value,
  );
  const modules: GeneratedCourse['modules'] = [];
  for (const [modulePosition, module] of outline.modules.entries()) {
    const lessons: GeneratedLesson[] = [];
    for (const [position, lesson] of module.lessons.entries()) {
      const sources = lessonExcerpts(excerpts, lesson.title, lesson.objectives);
      const body = await ai.generateText(
        {
          prompt: `Write the lesson "${lesson.title}" (objectives: ${lesson.objectives.join('; ')}) in Markdown with ## sections, citing excerpts as [n]:\n${sourcesText(sources)}`,
          task: {
            kind: 'lesson-body',
            course,
            module: { title: module.title, position: modulePosition },
            lesson: { ...lesson, position },
            sources,
          },
        },
        tenant,
      );
      const activities = asActivities(
        (
          await ai.generateJson(
            {
              prompt: `Write ${QUESTIONS} multiple-choice questions and ${FLASHCARDS} flashcards as JSON {quiz:[{prompt, choices[], answerIndex, explanation}], flashcards:[{front, back}]} for this lesson:\n${body.text}`,
              schemaName: 'lesson_activities',
              schema: ACTIVITIES_SCHEMA,
              task: {
                kind: 'lesson-activities',
                course,
                lesson,
                lessonMarkdown: body.text,
                sources,
                questionCount: QUESTIONS,
                flashcardCount: FLASHCARDS,
              },
            },
            tenant,
          )
        ).value,
      );
      // The harness asks for single-choice questions only (no `questionKinds`), which its scores read.
      const quiz = activities.quiz.flatMap((question) => ('answerIndex' in question ? [question] : []));
      lessons.push({ ...lesson, markdown: body.text, sources, quiz, flashcards: activities.flashcards });
    }
    modules.push({ title: module.title, lessons });
  }
  return { modules };
}
