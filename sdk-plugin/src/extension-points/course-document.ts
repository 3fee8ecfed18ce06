/**
 * The published shape of a course as exporters and AI providers see it. Core converts its
 * entities to this document; plugins never see database rows.
 */
export type Block =
  | { id: string; type: 'heading'; level: 1 | 2 | 3; text: string }
  | { id: string; type: 'markdown'; markdown: string }
  | { id: string; type: 'callout'; tone: 'info' | 'tip' | 'warning'; markdown: string }
  | { id: string; type: 'code'; language: string; code: string }
  | { id: string; type: 'image'; storageKey: string; alt: string; caption?: string }
  | { id: string; type: 'quiz'; questions: QuizQuestion[] }
  | { id: string; type: 'flashcards'; cards: Flashcard[] }
  | MediaBlock
  | AttachmentBlock
  | ExternalToolBlock;

/** Where a media block's recording comes from: a stored upload, or a video on an allow-listed host. */
export type MediaSource = { from: 'upload'; storageKey: string } | { from: 'embed'; provider: MediaEmbedProvider; videoId: string };

export type MediaEmbedProvider = 'youtube' | 'vimeo';

/** A WebVTT file (stored upload) shown as the recording's captions. */
export type MediaCaptions = { storageKey: string; language: string; label: string };

/**
 * A video or audio recording. Captions go with uploads only (embedded players bring their own);
 * the transcript is the accessible text alternative and is shown beside the player.
 */
export type MediaBlock = {
  id: string;
  type: 'media';
  kind: 'video' | 'audio';
  title: string;
  source: MediaSource;
  captions?: MediaCaptions;
  transcript: string;
};

/** A file learners download (handout, worksheet, data set). */
export type AttachmentBlock = { id: string; type: 'attachment'; storageKey: string; fileName: string; description?: string };

/**
 * An external LTI 1.3 tool launched inside the lesson (Mirai is the platform). `toolId` names the
 * organisation's registered tool; `resourceLink` is what the author chose through Deep Linking
 * (absent: the tool's launch URL). Exports cannot launch it and show its title.
 */
export type ExternalToolBlock = {
  id: string;
  type: 'external-tool';
  toolId: string;
  title: string;
  resourceLink?: {
    url?: string;
    title?: string;
    custom?: Record<string, string>;
    /** The line item the tool asked for with the content (AGS): the block's own is made with it at the first launch. */
    lineItem?: { label?: string; scoreMaximum: number };
  };
};

export type BlockType = Block['type'];

/** What every question kind shares. */
type QuestionBase = {
  id: string;
  prompt: string;
  /** Shown to the learner after answering. */
  explanation: string;
};

/** One correct choice. `kind` is absent on questions written before other kinds existed. */
export type SingleChoiceQuestion = QuestionBase & {
  kind?: 'single';
  choices: string[];
  /** Index into `choices`. */
  answerIndex: number;
};

/** Several correct choices; the learner must pick exactly those. */
export type MultipleChoiceQuestion = QuestionBase & {
  kind: 'multiple';
  choices: string[];
  /** Indexes into `choices`, ascending, at least one. */
  answerIndices: number[];
};

export type TrueFalseQuestion = QuestionBase & {
  kind: 'true-false';
  answer: boolean;
};

/**
 * A typed answer. `exact`: any of `answers` matches after trimming. `pattern`: `answers[0]` is a
 * regular expression the whole trimmed answer must match; core accepts only patterns that cannot
 * backtrack catastrophically (see `answerPatternProblem`).
 */
export type ShortAnswerQuestion = QuestionBase & {
  kind: 'short-answer';
  match: 'exact' | 'pattern';
  answers: string[];
  caseSensitive: boolean;
};

/** Put `items` in order; the author writes them in the right order, learners see them shuffled. */
export type OrderingQuestion = QuestionBase & {
  kind: 'ordering';
  /** In the correct order, 2 to 8, no two alike. */
  items: string[];
};

/** Pair each `left` with its `right`; learners see the right-hand sides shuffled. */
export type MatchingQuestion = QuestionBase & {
  kind: 'matching';
  /** 2 to 8 pairs; no two lefts alike, no two rights alike. */
  pairs: MatchingPair[];
};

export type MatchingPair = { left: string; right: string };

export type QuizQuestion =
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | TrueFalseQuestion
  | ShortAnswerQuestion
  | OrderingQuestion
  | MatchingQuestion;

export type QuestionKind = NonNullable<QuizQuestion['kind']>;

export type Flashcard = {
  id: string;
  front: string;
  back: string;
};

export type LessonDocument = {
  id: string;
  title: string;
  objectives: string[];
  blocks: Block[];
};

export type ModuleDocument = {
  id: string;
  title: string;
  lessons: LessonDocument[];
};

export type CourseDocument = {
  id: string;
  title: string;
  desiredOutcome: string;
  language: string;
  modules: ModuleDocument[];
};
