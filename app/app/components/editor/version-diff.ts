import type { Block } from './blocks';

export type WordOp = { op: 'same' | 'added' | 'removed'; text: string };

export interface BlockChange {
  id: string;
  type: Block['type'];
  change: 'added' | 'removed' | 'changed' | 'same';
  words: WordOp[];
}

type Question = Extract<Block, { type: 'quiz' }>['questions'][number];

/** A question's answers as the author reads them, the correct ones marked, whatever its kind. */
function answerWords(q: Question): string[] {
  switch (q.kind) {
    case undefined:
    case 'single':
      return q.choices.map((c, i) => (i === q.answerIndex ? `${c} (correct)` : c));
    case 'multiple':
      return q.choices.map((c, i) => (q.answerIndices.includes(i) ? `${c} (correct)` : c));
    case 'true-false':
      return [q.answer ? 'True (correct)' : 'False (correct)'];
    case 'short-answer':
      return [`${q.match === 'pattern' ? 'Pattern' : 'Accepted'}: ${q.answers.join(' | ')}`];
    case 'ordering':
      return q.items.map((item, i) => `${i + 1}. ${item}`);
    case 'matching':
      return q.pairs.map((pair) => `${pair.left} → ${pair.right}`);
  }
}

/** A recording as the author reads it: title, where it plays from, captions and transcript. */
function mediaText(block: Extract<Block, { type: 'media' }>): string {
  const source = block.source.from === 'embed' ? `${block.source.provider} ${block.source.videoId}` : block.source.storageKey.split('/').pop();
  const captions = block.captions === undefined ? '' : `Captions: ${block.captions.label}`;
  return [block.title, `(${source})`, captions, block.transcript].join(' ').trim();
}

/** What an author reads of a block, as plain text, so any two versions compare word by word. */
export function blockText(block: Block): string {
  switch (block.type) {
    case 'heading':
      return block.text;
    case 'markdown':
    case 'callout':
      return block.markdown;
    case 'code':
      return block.code;
    case 'image':
      return [block.alt, block.caption ?? ''].join(' ').trim();
    case 'quiz':
      return block.questions.map((q) => [q.prompt, ...answerWords(q), q.explanation].join(' ')).join(' ');
    case 'flashcards':
      return block.cards.map((card) => `${card.front} ${card.back}`).join(' ');
    case 'media':
      return mediaText(block);
    case 'attachment':
      return [block.fileName, block.description ?? ''].join(' ').trim();
    case 'external-tool':
      return [block.title, block.resourceLink?.title ?? '', block.resourceLink?.url ?? ''].join(' ').trim();
  }
}

/** Beyond this many words a block is shown as replaced rather than diffed word by word (the table is quadratic). */
const MAX_WORDS = 3000;

/** Words and the spaces after them, so the diff shows the text as written. */
const tokens = (text: string): string[] => text.match(/\S+\s*/g) ?? [];

/** A word diff by longest common subsequence. */
export function diffWords(before: string, after: string): WordOp[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_WORDS * MAX_WORDS)
    return [
      { op: 'removed', text: before },
      { op: 'added', text: after },
    ];
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * width + j] =
        a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
  const ops: WordOp[] = [];
  const push = (op: WordOp['op'], text: string) => {
    const last = ops.at(-1);
    if (last !== undefined && last.op === op) last.text += text;
    else ops.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const wordA = a[i];
    const wordB = b[j];
    if (wordA !== undefined && wordB !== undefined && wordA === wordB) {
      push('same', wordA);
      i++;
      j++;
    } else if (wordB !== undefined && (wordA === undefined || (lcs[i * width + j + 1] ?? 0) >= (lcs[(i + 1) * width + j] ?? 0))) {
      push('added', wordB);
      j++;
    } else if (wordA !== undefined) {
      push('removed', wordA);
      i++;
    }
  }
  return ops;
}

/**
 * The blocks of `after` compared with `before`, matched by block id: added, removed (shown where
 * they were), changed (with the words) or the same.
 */
export function diffBlocks(before: Block[], after: Block[]): BlockChange[] {
  const previous = new Map(before.map((block) => [block.id, block]));
  const kept = new Set(after.map((block) => block.id));
  const changes: BlockChange[] = [];
  const removedBefore = (index: number) => {
    for (const block of before.slice(0, index)) {
      if (kept.has(block.id) || changes.some((c) => c.id === block.id)) continue;
      changes.push({ id: block.id, type: block.type, change: 'removed', words: [{ op: 'removed', text: blockText(block) }] });
    }
  };
  for (const block of after) {
    const old = previous.get(block.id);
    if (old === undefined) {
      changes.push({ id: block.id, type: block.type, change: 'added', words: [{ op: 'added', text: blockText(block) }] });
      continue;
    }
    removedBefore(before.indexOf(old));
    const same = JSON.stringify(old) === JSON.stringify(block);
    changes.push({
      id: block.id,
      type: block.type,
      change: same ? 'same' : 'changed',
      words: same ? [{ op: 'same', text: blockText(block) }] : diffWords(blockText(old), blockText(block)),
    });
  }
  removedBefore(before.length);
  return changes;
}
