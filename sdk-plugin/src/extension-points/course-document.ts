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
  | { id: string; type: 'flashcards'; cards: Flashcard[] };

export type BlockType = Block['type'];

export type QuizQuestion = {
  id: string;
  prompt: string;
  choices: string[];
  /** Index into `choices`. */
  answerIndex: number;
  explanation: string;
};

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
