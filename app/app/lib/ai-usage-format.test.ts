import { describe, expect, it } from 'vitest';
import { formatCost, savedSettingsMessage } from './ai-usage-format';

describe('AI usage and key check wording', () => {
  it('shows cents, sub-cent costs to two significant digits, and unpriced models plainly', () => {
    expect(formatCost(12.345, 'USD')).toBe('$12.35');
    expect(formatCost(0.00005, 'EUR')).toBe('€0.00005');
    expect(formatCost(0, 'USD')).toBe('$0.00');
    expect(formatCost(null, 'USD')).toBe('no price set');
  });

  it('says whether a saved key works, without hiding that the settings were saved', () => {
    expect(savedSettingsMessage('ai-openai', true, undefined)).toBe('Settings saved. ai-openai is enabled.');
    expect(savedSettingsMessage('ai-openai', true, { ok: false, message: 'OpenAI-compatible endpoint refused the key' })).toMatch(
      /^Settings saved\. ai-openai is enabled\. The key was tested and did not work: OpenAI-compatible endpoint refused the key\./,
    );
    expect(savedSettingsMessage('ai-gemini', true, { ok: true, message: 'Gemini answered with model gemini-2.5-flash' })).toContain('works');
  });
});
