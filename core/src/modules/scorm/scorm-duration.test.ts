import { describe, expect, it } from 'vitest';
import { scormDurationSeconds } from './scorm-duration.ts';

describe('scormDurationSeconds', () => {
  it('reads SCORM 1.2 clock spans', () => {
    expect(scormDurationSeconds('0000:10:00')).toBe(600);
    expect(scormDurationSeconds('01:02:03.50')).toBe(3724);
  });

  it('reads SCORM 2004 ISO 8601 spans', () => {
    expect(scormDurationSeconds('PT3M')).toBe(180);
    expect(scormDurationSeconds('PT1H0M12.5S')).toBe(3613);
    expect(scormDurationSeconds('P1DT1S')).toBe(86_401);
  });

  it('counts nothing for empty or malformed values', () => {
    for (const value of ['', 'P', 'PT', '12 minutes', '1:2']) expect(scormDurationSeconds(value)).toBe(0);
  });
});
