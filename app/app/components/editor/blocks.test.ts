import { describe, expect, it } from 'vitest';
import { type Block, blockProblem, moveBlock, newBlock, replaceBlock, uploadIdOf } from './blocks';

const blocks: Block[] = [
  { id: 'a', type: 'heading', level: 2, text: 'A' },
  { id: 'b', type: 'markdown', markdown: 'B' },
  { id: 'c', type: 'code', language: 'ts', code: 'c' },
];

describe('block list edits', () => {
  it('moves a block up and down, and ignores moves off either end', () => {
    expect(moveBlock(blocks, 2, 1).map((b) => b.id)).toEqual(['a', 'c', 'b']);
    expect(moveBlock(blocks, 0, 2).map((b) => b.id)).toEqual(['b', 'c', 'a']);
    expect(moveBlock(blocks, 0, -1).map((b) => b.id)).toEqual(['a', 'b', 'c']);
    expect(moveBlock(blocks, 2, 3).map((b) => b.id)).toEqual(['a', 'b', 'c']);
  });

  it('replaces a block by id, leaving the others', () => {
    expect(replaceBlock(blocks, { id: 'b', type: 'markdown', markdown: 'changed' })[1]).toEqual({ id: 'b', type: 'markdown', markdown: 'changed' });
  });

  it('creates every type with a unique id, and says what a new image or bad quiz still needs', () => {
    const types = ['heading', 'markdown', 'callout', 'code', 'image', 'quiz', 'flashcards'] as const;
    const created = types.map(newBlock);
    expect(new Set(created.map((b) => b.id)).size).toBe(types.length);
    expect(created.map((b) => b.type)).toEqual(types);
    expect(blockProblem(newBlock('image'))).toBe('Upload an image.');
    expect(blockProblem({ id: 'i', type: 'image', storageKey: 'uploads/x/y.png', alt: ' ' })).toMatch(/alt text/);
    expect(blockProblem({ id: 'q', type: 'quiz', questions: [{ id: 'q1', prompt: 'P', choices: ['one'], answerIndex: 0, explanation: '' }] })).toBe(
      'Question 1 needs at least two answers.',
    );
    expect(blockProblem(newBlock('quiz'))).toBeNull();
  });

  it('says a new external-tool block needs a registered tool and a title', () => {
    expect(blockProblem(newBlock('external-tool'))).toBe('Choose a registered LTI tool.');
    const toolId = '0b7c8f0e-3c1d-4f7a-9a41-2f0c8d6e5b11';
    expect(blockProblem({ id: 't', type: 'external-tool', toolId, title: ' ' })).toBe('Give the activity a title.');
    expect(blockProblem({ id: 't', type: 'external-tool', toolId, title: 'Simulation' })).toBeNull();
  });

  it('finds the upload id in a storage key', () => {
    expect(uploadIdOf('uploads/0b9c6f7e-1c1e-4a3e-9c55-0f3f2c1d2e3f/photo.png')).toBe('0b9c6f7e-1c1e-4a3e-9c55-0f3f2c1d2e3f');
    expect(uploadIdOf('elsewhere/photo.png')).toBeNull();
  });
});
