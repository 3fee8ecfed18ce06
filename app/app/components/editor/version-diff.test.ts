import { describe, expect, it } from 'vitest';
import { diffBlocks, diffWords } from './version-diff';

describe('a diff between lesson versions', () => {
  it('marks the words added and removed within a changed block', () => {
    expect(diffWords('Keep the load close.', 'Keep the heavy load very close.')).toEqual([
      { op: 'same', text: 'Keep the ' },
      { op: 'added', text: 'heavy ' },
      { op: 'same', text: 'load ' },
      { op: 'added', text: 'very ' },
      { op: 'same', text: 'close.' },
    ]);
    expect(diffWords('Bend the back.', 'Bend the knees.')).toEqual([
      { op: 'same', text: 'Bend the ' },
      { op: 'added', text: 'knees.' },
      { op: 'removed', text: 'back.' },
    ]);
  });

  it('matches blocks by id: added, removed where they were, changed and unchanged', () => {
    const changes = diffBlocks(
      [
        { id: 'a', type: 'heading', level: 2, text: 'Posture' },
        { id: 'b', type: 'markdown', markdown: 'Old text' },
        { id: 'c', type: 'markdown', markdown: 'Same' },
      ],
      [
        { id: 'a', type: 'heading', level: 2, text: 'Good posture' },
        { id: 'c', type: 'markdown', markdown: 'Same' },
        { id: 'd', type: 'callout', tone: 'tip', markdown: 'New tip' },
      ],
    );
    expect(changes.map((c) => [c.id, c.change])).toEqual([
      ['a', 'changed'],
      ['b', 'removed'],
      ['c', 'same'],
      ['d', 'added'],
    ]);
  });

  it('sees a change of the correct answers of every question kind', () => {
    type Question = Extract<Parameters<typeof diffBlocks>[0][number], { type: 'quiz' }>['questions'][number];
    const quiz = (question: Question) => [{ id: 'q', type: 'quiz' as const, questions: [question] }];
    const base = { id: '1', prompt: 'Which?', explanation: '' };
    const pairs: Array<[Question, Question]> = [
      [
        { ...base, kind: 'multiple', choices: ['A', 'B'], answerIndices: [0] },
        { ...base, kind: 'multiple', choices: ['A', 'B'], answerIndices: [0, 1] },
      ],
      [
        { ...base, kind: 'true-false' as const, answer: true },
        { ...base, kind: 'true-false' as const, answer: false },
      ],
      [
        { ...base, kind: 'short-answer' as const, match: 'exact' as const, answers: ['lift'], caseSensitive: false },
        { ...base, kind: 'short-answer' as const, match: 'exact' as const, answers: ['carry'], caseSensitive: false },
      ],
      [
        { ...base, kind: 'ordering' as const, items: ['Plan', 'Lift'] },
        { ...base, kind: 'ordering' as const, items: ['Lift', 'Plan'] },
      ],
      [
        {
          ...base,
          kind: 'matching' as const,
          pairs: [
            { left: 'T', right: 'Task' },
            { left: 'L', right: 'Load' },
          ],
        },
        {
          ...base,
          kind: 'matching' as const,
          pairs: [
            { left: 'T', right: 'Load' },
            { left: 'L', right: 'Task' },
          ],
        },
      ],
    ];
    for (const [before, after] of pairs) {
      expect(diffBlocks(quiz(before), quiz(after))[0]?.change, before.kind).toBe('changed');
      expect(diffBlocks(quiz(before), quiz(before))[0]?.change, before.kind).toBe('same');
    }
  });
});
