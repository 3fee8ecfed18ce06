import { describe, expect, it } from 'vitest';
import { checkInstruction, instructionCheckMessage, instructionTerms } from './instruction-check.ts';

describe('checking a rewrite against its instruction', () => {
  it('takes quoted phrases whole and content words, not the words of the request', () => {
    expect(instructionTerms('Please add an example about the "75-degree rule" for warehouse staff')).toEqual([
      '75-degree rule',
      'warehouse',
      'staff',
    ]);
    expect(instructionTerms('make it shorter and simpler')).toEqual([]);
  });

  it('passes when the key terms appear (plural or not), and names the ones that do not', () => {
    const lesson = '## Ladders\n\nSet the ladder at the 75-degree rule angle. Warehouse staff check it daily.';
    expect(checkInstruction('Mention the "75-degree rule" for warehouse staff', lesson)).toEqual({
      followed: true,
      terms: ['75-degree rule', 'warehouse', 'staff'],
      missing: [],
    });
    const ignored = checkInstruction('Explain the penalties for forklift drivers', lesson);
    expect(ignored).toMatchObject({ followed: false, missing: ['penalties', 'forklift', 'drivers'] });
    expect(instructionCheckMessage(ignored)).toMatch(/does not show “penalties”, “forklift”, “drivers”/);
  });

  it('checks that “shorter” gave fewer words and “as a bulleted list” gave list items', () => {
    const before = 'One two three four five six seven eight.';
    expect(checkInstruction('make it shorter', 'One two three.', before).followed).toBe(true);
    expect(checkInstruction('make it shorter', `${before} Nine ten.`, before)).toMatchObject({ followed: false, missing: ['shorter'] });
    expect(checkInstruction('as a bulleted list', '- one\n- two').followed).toBe(true);
    expect(checkInstruction('as a bulleted list', 'One. Two.')).toMatchObject({ followed: false, missing: ['a list'] });
  });
});
