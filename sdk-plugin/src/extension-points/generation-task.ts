import type { Block, QuestionKind, QuizQuestion } from './course-document.ts';

/** An excerpt of a subject-matter expert's document that grounds generation; shown as a source. */
export interface SourceChunk {
  id: string;
  smeName: string;
  documentTitle: string;
  text: string;
  /** The document heading the excerpt sits under, when known (the text may start with it). */
  heading?: string | null;
  /** Which document, and where in it (0-based), so excerpts can be put back in document order. */
  documentId?: string;
  position?: number;
}

export interface AudiencePersona {
  name: string;
  role: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  priorKnowledge: string;
  goals: string;
}

export interface CourseBrief {
  title: string;
  desiredOutcome: string;
  /** BCP 47 tag of the language to write in. */
  language: string;
  audiences: AudiencePersona[];
}

export interface OutlineLessonDraft {
  title: string;
  objectives: string[];
}

export interface OutlineModuleDraft {
  title: string;
  lessons: OutlineLessonDraft[];
}

/**
 * What a generation request is for, in structured form. Model-backed providers follow the
 * rendered prompt and may ignore this; providers without a model (ai-offline) build their
 * output from it. Both see the same grounding.
 */
export type GenerationTask =
  | {
      kind: 'course-outline';
      course: CourseBrief;
      sources: SourceChunk[];
      /** Upper bounds the author asked for; a shorter document may get fewer modules and lessons. */
      moduleCount: number;
      lessonsPerModule: number;
    }
  | {
      /** The lesson's body as Markdown (`##` sections, fenced code), streamed to the author. */
      kind: 'lesson-body';
      course: CourseBrief;
      module: { title: string; position: number };
      lesson: OutlineLessonDraft & { position: number };
      sources: SourceChunk[];
      /** An author's instruction when regenerating, e.g. "more examples". */
      instruction?: string;
      /** The lesson's current blocks when regenerating. */
      previous?: Block[];
    }
  | {
      /** Quiz questions and flashcards that check the lesson body, as LessonActivitiesDraft JSON. */
      kind: 'lesson-activities';
      course: CourseBrief;
      lesson: OutlineLessonDraft;
      lessonMarkdown: string;
      sources: SourceChunk[];
      questionCount: number;
      flashcardCount: number;
      /**
       * The question kinds the caller takes, for a provider to vary them where the material fits
       * (steps → ordering, terms → matching). Absent: single choice only, as before kinds existed.
       */
      questionKinds?: QuestionKind[];
    };

/** JSON a provider returns for a `course-outline` task. */
export interface OutlineDraft {
  modules: OutlineModuleDraft[];
}

/** JSON a provider returns for a `lesson-activities` task. */
/** A generated question: any kind, without the id core gives it. */
export type DraftQuestion = QuizQuestion extends infer Q ? (Q extends QuizQuestion ? Omit<Q, 'id'> : never) : never;

export interface LessonActivitiesDraft {
  quiz: DraftQuestion[];
  flashcards: Array<{ front: string; back: string }>;
}
