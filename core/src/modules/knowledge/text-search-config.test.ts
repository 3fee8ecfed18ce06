import { describe, expect, it } from 'vitest';
import { orQuery } from './text-search-config.ts';

describe('orQuery', () => {
  it('keeps words of any script, lower-cased and once, and drops operators and short words', () => {
    expect(orQuery('Häuser & häuser | Wózki: on ÉCOLE!')).toBe('häuser | wózki | école');
    expect(orQuery("a & b | !c ' :*")).toBe('');
  });
});
