import { describe, expect, it } from 'vitest';
import { formatTimeSpent } from './time-spent';

describe('formatTimeSpent', () => {
  it('shows seconds under a minute, then minutes, then hours and minutes', () => {
    expect(formatTimeSpent(0)).toBe('—');
    expect(formatTimeSpent(42)).toBe('42 s');
    expect(formatTimeSpent(125)).toBe('2 min');
    expect(formatTimeSpent(7200)).toBe('2 h');
    expect(formatTimeSpent(3900)).toBe('1 h 5 min');
  });
});
