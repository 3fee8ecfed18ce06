import { describe, expect, it } from 'vitest';
import { dayOf, endOfDay, startOfDay } from './group-dates';

describe('group dates', () => {
  it('turns a day into its first and last instant in UTC, and back', () => {
    expect(startOfDay('2026-12-07')).toBe('2026-12-07T00:00:00.000Z');
    expect(endOfDay('2026-12-07')).toBe('2026-12-07T23:59:59.999Z');
    expect(dayOf(endOfDay('2026-12-07'))).toBe('2026-12-07');
  });

  it('leaves an empty field without a date', () => {
    expect(startOfDay('')).toBeNull();
    expect(endOfDay('')).toBeNull();
    expect(dayOf(null)).toBe('');
  });
});
