import { describe, expect, it } from 'vitest';
import { costOf, type PriceTable, parsePriceTable } from './price-table.ts';

describe('the AI price table', () => {
  it('prices a model by its own entry, else by its plugin’s wildcard, per million tokens', () => {
    const table = parsePriceTable(
      '{"currency":"EUR","models":{"ai-openai/gpt-4o-mini":{"input":0.15,"output":0.6},"ai-openai/*":{"input":2,"output":8}}}',
    ) as PriceTable;
    expect(table.currency).toBe('EUR');
    expect(costOf(table, 'ai-openai', 'gpt-4o-mini', 1_000_000, 500_000)).toBeCloseTo(0.45);
    expect(costOf(table, 'ai-openai', 'gpt-4.1', 1000, 1000)).toBeCloseTo(0.01);
    expect(costOf(table, 'ai-gemini', 'gemini-2.5-flash', 1000, 1000)).toBeNull();
    expect(parsePriceTable('{"models":{}}')).toEqual({ currency: 'USD', models: {} });
  });

  it('says what is wrong with a malformed table', () => {
    expect(parsePriceTable('{')).toMatch(/not JSON/);
    expect(parsePriceTable('{"models":{"gpt-4o":{"input":1,"output":1}}}')).toMatch(/<plugin>\/<model>/);
    expect(parsePriceTable('{"models":{"ai-openai/x":{"input":-1,"output":1}}}')).toMatch(/non-negative/);
    expect(parsePriceTable('{"currency":"dollars","models":{}}')).toMatch(/ISO 4217/);
  });
});
