import { type LessonEntry, lessonEntries } from '@mirai/export-kit';
import type { CourseDocument, QuizQuestion } from '@mirai/sdk-plugin';

/** Shared files (stylesheet, images) live here; lesson pages reach them with `../web_resources/…`. */
export const WEB_RESOURCES = 'web_resources';
export const STYLESHEET = `${WEB_RESOURCES}/style.css`;

export interface CartridgeLesson extends LessonEntry {
  /** `M01_L01`: the stem of the lesson's manifest identifiers. */
  key: string;
  /** The web content page, e.g. `lessons/m01-l01-why-lifting-hurts.html`. */
  page: string;
  /** Every question of the lesson's quiz blocks, in order: one QTI assessment per lesson. */
  questions: QuizQuestion[];
  /** The QTI file, or null when the lesson has no questions. */
  assessment: string | null;
  quizTitle: string;
}

/** Where each lesson's page and assessment go in the cartridge, and the identifiers they get. */
export function cartridgeLessons(course: CourseDocument): CartridgeLesson[] {
  return lessonEntries(course).map((entry) => {
    const questions = entry.lesson.blocks.flatMap((block) => (block.type === 'quiz' ? block.questions : []));
    const stem = entry.file.replace(/\.html$/, '');
    return {
      ...entry,
      key: stem.slice(0, 7).toUpperCase().replace('-', '_'),
      page: `lessons/${entry.file}`,
      questions,
      assessment: questions.length === 0 ? null : `assessments/${stem}.xml`,
      quizTitle: `${entry.lesson.title}: quiz`,
    };
  });
}
