import { describe, expect, it } from 'vitest';
import { pause, splitForStreaming, TURN_EVERY_MS, turnDue } from './streaming.ts';
import { findDefinitions, hashString, parseMarkdown, splitSentences, stableShuffle, stem } from './text-analysis.ts';
import { summarize } from './text-summary.ts';

const definitionsIn = (markdown: string) => parseMarkdown(markdown).flatMap(findDefinitions);

describe('text analysis', () => {
  it('splits sentences without breaking abbreviations', () => {
    expect(splitSentences('Lift with care, e.g. bend your knees. Dr. Shah agrees! Is it heavy? Yes.')).toEqual([
      'Lift with care, e.g. bend your knees.',
      'Dr. Shah agrees!',
      'Is it heavy?',
      'Yes.',
    ]);
  });

  it('parses Markdown into headings, paragraphs and list items, skipping code', () => {
    const blocks = parseMarkdown('# Title\n\nSome **bold** text\ncontinues here.\n\n```\ncode is skipped\n```\n\n- first item\n2. second item');
    expect(blocks.map((block) => [block.kind, block.text, block.section])).toEqual([
      ['heading', 'Title', 'Title'],
      ['paragraph', 'Some bold text continues here.', 'Title'],
      ['list-item', 'first item', 'Title'],
      ['list-item', 'second item', 'Title'],
    ]);
  });

  it('stems the forms of a word to one key', () => {
    expect(new Set(['lift', 'lifts', 'lifting', 'lifted'].map(stem)).size).toBe(1);
    expect(stem('injuries')).toBe(stem('injury'));
    expect(stem('handling')).toBe(stem('handle'));
  });

  it('finds definitions in the usual patterns', () => {
    const found = definitionsIn(
      [
        'A **near miss** is an event that could have caused an injury but did not.',
        'Ergonomics means fitting the task to the person.',
        'Load capacity refers to the most weight a device may carry.',
        'TILE stands for Task, Individual, Load and Environment.',
        '- **Hoist**: a device that lifts a person or a load.',
        '- Sack truck — a two-wheeled trolley for boxes.',
        'This is a sentence that defines nothing.',
        '- **Task**: does the lift involve twisting?',
      ].join('\n\n'),
    );
    expect(found.map((definition) => [definition.term, definition.definition, definition.relation])).toEqual([
      ['near miss', 'an event that could have caused an injury but did not', 'is'],
      ['ergonomics', 'fitting the task to the person', 'means'],
      ['load capacity', 'the most weight a device may carry', 'refers to'],
      ['TILE', 'Task, Individual, Load and Environment', 'stands for'],
      ['hoist', 'a device that lifts a person or a load', 'gloss'],
      ['sack truck', 'a two-wheeled trolley for boxes', 'gloss'],
    ]);
    expect(found[0]?.article).toBe('a');
  });

  it('shuffles deterministically', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    expect(stableShuffle(items, 'seed', (item) => item)).toEqual(stableShuffle(items, 'seed', (item) => item));
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
  });

  it('summarises with whole sentences from the text', () => {
    const text =
      'Manual handling injuries are common. Most manual handling injuries affect the back. Lunch is at noon. Training reduces manual handling injuries. The car park is closed.';
    const summary = summarize(text, 2);
    expect(splitSentences(summary)).toHaveLength(2);
    expect(summary).toContain('Most manual handling injuries affect the back.');
    expect(summary).not.toContain('Lunch');
  });
});

describe('streaming helpers', () => {
  it('splits text into ~40-character pieces that join back exactly', () => {
    const text = 'Plan the lift before you touch the load: check the route, the weight and where the load will go.\n\n- Bend your knees.';
    const pieces = splitForStreaming(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/\s$/);
  });

  it('pauses until aborted, then rejects with the reason', async () => {
    const controller = new AbortController();
    const waiting = pause(10_000, controller.signal);
    controller.abort('stop');
    await expect(waiting).rejects.toBe('stop');
    await expect(pause(0)).resolves.toBeUndefined();
  });

  it('hands the event loop back once a slice of work has passed, not after every piece', () => {
    const now = performance.now();
    expect(turnDue(now)).toBe(false);
    expect(turnDue(now - TURN_EVERY_MS)).toBe(true);
  });
});
