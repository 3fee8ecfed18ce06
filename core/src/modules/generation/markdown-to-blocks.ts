import type { Block, LessonActivitiesDraft, QuizQuestion } from '@mirai/sdk-plugin';
import { blockErrors } from '../courses/block-validation.ts';

/**
 * Turns a generated lesson body into typed blocks: `##`/`###` headings become heading blocks,
 * fenced code becomes code blocks, everything else stays Markdown, grouped by section.
 */
export function markdownToBlocks(markdown: string, idPrefix: string): Block[] {
  const blocks: Block[] = [];
  let prose: string[] = [];
  const id = () => `${idPrefix}-${blocks.length + 1}`;
  const flushProse = () => {
    const text = prose.join('\n').trim();
    if (text !== '') blocks.push({ id: id(), type: 'markdown', markdown: text });
    prose = [];
  };
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const fence = /^```\s*([\w+-]*)\s*$/.exec(line);
    if (fence !== null) {
      const code: string[] = [];
      let j = i + 1;
      while (j < lines.length && !/^```\s*$/.test(lines[j] ?? '')) code.push(lines[j++] ?? '');
      flushProse();
      blocks.push({ id: id(), type: 'code', language: fence[1] || 'text', code: code.join('\n') });
      i = j;
      continue;
    }
    const heading = /^(#{1,3})\s+(.+?)\s*#*$/.exec(line);
    if (heading !== null) {
      flushProse();
      const level = Math.min(3, Math.max(1, (heading[1] ?? '##').length)) as 1 | 2 | 3;
      blocks.push({ id: id(), type: 'heading', level, text: heading[2] ?? '' });
      continue;
    }
    prose.push(line);
  }
  flushProse();
  return blocks;
}

/** Quiz and flashcard blocks from the activities a provider wrote; empty parts are left out. */
export function activityBlocks(draft: LessonActivitiesDraft, idPrefix: string): Block[] {
  const blocks: Block[] = [];
  // A question the schema let through but whose meaning is wrong (an answer outside the choices,
  // two alike matching sides) is left out rather than failing the whole lesson.
  const questions = draft.quiz
    .map((q, i): QuizQuestion => ({ id: `${idPrefix}-q${i + 1}`, ...q }))
    .filter((q) => blockErrors([{ id: 'check', type: 'quiz', questions: [q] }]).length === 0);
  if (questions.length > 0) blocks.push({ id: `${idPrefix}-quiz`, type: 'quiz', questions });
  if (draft.flashcards.length > 0)
    blocks.push({ id: `${idPrefix}-cards`, type: 'flashcards', cards: draft.flashcards.map((c, i) => ({ id: `${idPrefix}-f${i + 1}`, ...c })) });
  return blocks;
}
