import { describe, expect, it } from 'vitest';
import { chainToText, textToChain } from './ai-route-text';

describe('an AI routing chain as one editable line', () => {
  it('reads providers in order, each with an optional model and monthly cap, and writes them back the same way', () => {
    const line = 'ai-openai:gpt-4o-mini cap=2000000, ai-offline';
    const parsed = textToChain(line);
    expect(parsed).toEqual({ chain: [{ provider: 'ai-openai', model: 'gpt-4o-mini', monthlyTokenCap: 2_000_000 }, { provider: 'ai-offline' }] });
    expect('chain' in parsed ? chainToText(parsed.chain) : '').toBe(line);
    expect(textToChain('  ')).toEqual({ chain: undefined });
  });

  it('names the entry it cannot read', () => {
    expect(textToChain('ai-openai, OpenAI GPT')).toEqual({ error: expect.stringContaining('“OpenAI GPT”') });
  });
});
