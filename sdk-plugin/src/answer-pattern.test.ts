import { describe, expect, it } from 'vitest';
import { answerPatternProblem, shortAnswerMatches } from './answer-pattern.ts';

describe('answerPatternProblem', () => {
  it.each(['colou?r', '(cat|dog)s?', 'photo ?synthesis', '[0-9]{1,3} ?%', '(?:big|large) cats?', '.*mitochondria.*', 'close( to (you|the body))?'])(
    'accepts %s',
    (pattern) => {
      expect(answerPatternProblem(pattern)).toBeNull();
    },
  );

  it.each([
    ['(a+)+$', 'must not repeat a group'],
    ['(a|aa)*b', 'must not repeat a group'],
    ['(a+){2,9}', 'must not repeat a group'],
    ['a*a*a*a*b', 'too complex'],
    ['(x)\\1', 'backreferences'],
    ['a(?=b)', 'lookahead'],
    ['[unclosed', 'not a valid regular expression'],
    ['a'.repeat(201), 'at most 200'],
    [`${Array.from({ length: 21 }, () => 'a|').join('')}a`, 'too complex'],
  ])('refuses %s', (pattern, reason) => {
    expect(answerPatternProblem(pattern)).toContain(reason);
  });

  it('refuses an exponential pattern before running it, and matching a refused pattern is simply wrong', () => {
    const started = performance.now();
    expect(shortAnswerMatches({ match: 'pattern', answers: ['(a+)+$'], caseSensitive: false }, `${'a'.repeat(40)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('shortAnswerMatches', () => {
  it('compares exact answers trimmed, whitespace-collapsed and, unless asked, ignoring case', () => {
    const question = { match: 'exact' as const, answers: ['Photosynthesis', 'photo synthesis'], caseSensitive: false };
    expect(shortAnswerMatches(question, '  photosynthesis ')).toBe(true);
    expect(shortAnswerMatches(question, 'PHOTO   SYNTHESIS')).toBe(true);
    expect(shortAnswerMatches(question, 'respiration')).toBe(false);
    expect(shortAnswerMatches({ ...question, caseSensitive: true }, 'photosynthesis')).toBe(false);
  });

  it('matches a pattern against the whole answer', () => {
    const question = { match: 'pattern' as const, answers: ['colou?r'], caseSensitive: false };
    expect(shortAnswerMatches(question, 'Colour')).toBe(true);
    expect(shortAnswerMatches(question, 'colors')).toBe(false);
    expect(shortAnswerMatches({ ...question, caseSensitive: true }, 'COLOR')).toBe(false);
  });
});
