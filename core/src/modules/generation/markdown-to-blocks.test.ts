import { describe, expect, it } from 'vitest';
import { activityBlocks, markdownToBlocks } from './markdown-to-blocks.ts';

describe('markdownToBlocks', () => {
  it('splits headings, prose and fenced code into typed blocks in order', () => {
    const blocks = markdownToBlocks('Intro line.\n\n## Setup\nInstall it:\n```bash\nnpm i x\n```\nDone.\n### Deeper\nMore.', 'l1');
    expect(blocks).toEqual([
      { id: 'l1-1', type: 'markdown', markdown: 'Intro line.' },
      { id: 'l1-2', type: 'heading', level: 2, text: 'Setup' },
      { id: 'l1-3', type: 'markdown', markdown: 'Install it:' },
      { id: 'l1-4', type: 'code', language: 'bash', code: 'npm i x' },
      { id: 'l1-5', type: 'markdown', markdown: 'Done.' },
      { id: 'l1-6', type: 'heading', level: 3, text: 'Deeper' },
      { id: 'l1-7', type: 'markdown', markdown: 'More.' },
    ]);
  });

  it('keeps an unterminated fence as code rather than losing text', () => {
    expect(markdownToBlocks('```\nconst a = 1;', 'x')).toEqual([{ id: 'x-1', type: 'code', language: 'text', code: 'const a = 1;' }]);
  });
});

describe('activityBlocks', () => {
  it('numbers questions and cards and drops empty parts', () => {
    const blocks = activityBlocks({ quiz: [{ prompt: 'P?', choices: ['a', 'b'], answerIndex: 1, explanation: 'b' }], flashcards: [] }, 'l1');
    expect(blocks).toEqual([
      { id: 'l1-quiz', type: 'quiz', questions: [{ id: 'l1-q1', prompt: 'P?', choices: ['a', 'b'], answerIndex: 1, explanation: 'b' }] },
    ]);
  });
});
