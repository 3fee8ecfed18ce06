import type { paths } from '../../api/schema';
import { mediaProblem } from './media-blocks';
import { questionProblem } from './question-kinds';

/** A lesson block exactly as the API stores it (PUT /v1/lessons/{id}/blocks). */
export type Block = paths['/v1/lessons/{id}/blocks']['put']['requestBody']['content']['application/json']['blocks'][number];
export type BlockType = Block['type'];
export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>;

export const BLOCK_LABELS: Record<BlockType, string> = {
  heading: 'Heading',
  markdown: 'Text',
  callout: 'Callout',
  code: 'Code',
  image: 'Image',
  quiz: 'Quiz',
  flashcards: 'Flashcards',
  media: 'Video or audio',
  attachment: 'Attachment',
  'external-tool': 'External tool (LTI)',
};

let counter = 0;
export const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A fresh block of a type, valid as it is except where the author must fill something in. */
export function newBlock(type: BlockType): Block {
  const id = newId('b');
  switch (type) {
    case 'heading':
      return { id, type, level: 2, text: 'New heading' };
    case 'markdown':
      return { id, type, markdown: '' };
    case 'callout':
      return { id, type, tone: 'tip', markdown: '' };
    case 'code':
      return { id, type, language: 'text', code: '' };
    case 'image':
      return { id, type, storageKey: '', alt: '' };
    case 'quiz':
      return {
        id,
        type,
        questions: [{ id: newId('q'), prompt: 'New question', choices: ['First answer', 'Second answer'], answerIndex: 0, explanation: '' }],
      };
    case 'flashcards':
      return { id, type, cards: [{ id: newId('c'), front: 'Term', back: 'Meaning' }] };
    case 'media':
      return { id, type, kind: 'video', title: '', source: { from: 'upload', storageKey: '' }, transcript: '' };
    case 'attachment':
      return { id, type, storageKey: '', fileName: '' };
    case 'external-tool':
      return { id, type, toolId: '', title: '' };
  }
}

/** Moves the block at `from` by one place up or down; out-of-range moves change nothing. */
export function moveBlock(blocks: readonly Block[], from: number, to: number): Block[] {
  if (from === to || from < 0 || to < 0 || from >= blocks.length || to >= blocks.length) return [...blocks];
  const copy = [...blocks];
  const [moved] = copy.splice(from, 1);
  if (moved !== undefined) copy.splice(to, 0, moved);
  return copy;
}

export function replaceBlock(blocks: readonly Block[], next: Block): Block[] {
  return blocks.map((b) => (b.id === next.id ? next : b));
}

/** What keeps a block from saving, said the way an author understands it; null when it is fine. */
export function blockProblem(block: Block): string | null {
  switch (block.type) {
    case 'heading':
      return block.text.trim() === '' ? 'The heading needs text.' : null;
    case 'image':
      if (block.storageKey === '') return 'Upload an image.';
      return block.alt.trim() === '' ? 'Describe the image for people who cannot see it (alt text).' : null;
    case 'quiz':
      for (const [i, q] of block.questions.entries()) {
        const problem = questionProblem(q, i + 1);
        if (problem !== null) return problem;
      }
      return block.questions.length === 0 ? 'Add a question.' : null;
    case 'flashcards':
      if (block.cards.length === 0) return 'Add a card.';
      return block.cards.some((c) => c.front.trim() === '' || c.back.trim() === '') ? 'Every card needs a front and a back.' : null;
    case 'media':
      return mediaProblem(block);
    case 'attachment':
      return block.storageKey === '' ? 'Upload a file.' : null;
    case 'external-tool':
      if (!/^[0-9a-f-]{36}$/i.test(block.toolId)) return 'Choose a registered LTI tool.';
      return block.title.trim() === '' ? 'Give the activity a title.' : null;
    default:
      return null;
  }
}

/** The upload id inside a storage key (`uploads/<id>/<file>`), to ask for a download URL. */
export function uploadIdOf(storageKey: string): string | null {
  const match = /^uploads\/([0-9a-f-]{36})\//i.exec(storageKey);
  return match?.[1] ?? null;
}
