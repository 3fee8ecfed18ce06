import { describe, expect, it } from 'vitest';
import { assetPath, languageTag, lessonEntries, slugify } from './package-paths.ts';
import { fixtureCourse } from './testing/sample-course.ts';

describe('package paths', () => {
  it('slugifies to lower-case ASCII words, with a fallback', () => {
    expect(slugify('Safe Lifting & Handling: Basics')).toBe('safe-lifting-handling-basics');
    expect(slugify('Crème brûlée')).toBe('creme-brulee');
    expect(slugify('!!!')).toBe('course');
    expect(slugify('', 'lesson')).toBe('lesson');
    expect(slugify('a'.repeat(80)).length).toBe(60);
    expect(slugify(`${'word '.repeat(10)}end`, 'lesson', 12)).toBe('word-word-wo');
    expect(slugify('ab cd', 'lesson', 3)).toBe('ab');
  });

  it('accepts BCP 47 language tags only', () => {
    expect(languageTag(' en-GB ')).toBe('en-GB');
    expect(languageTag('English (UK)')).toBe('en');
  });

  it('numbers lessons in reading order with their page', () => {
    const entries = lessonEntries(fixtureCourse);
    expect(entries.map((entry) => entry.number)).toEqual(['1.1', '1.2', '2.1', '2.2']);
    expect(entries[0]?.file).toBe('m01-l01-why-lifting-hurts.html');
  });

  it('names assets by position and file name', () => {
    expect(assetPath(1, 'tenant/images/Spine Diagram.PNG')).toBe('assets/1-spine-diagram.png');
    expect(assetPath(2, 'tenant/blob')).toBe('assets/2-blob');
    expect(assetPath(3, 'tenant/x.weird-extension')).toBe('assets/3-x');
  });
});
