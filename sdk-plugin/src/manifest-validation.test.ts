import { describe, expect, it } from 'vitest';
import { isEngineCompatible } from './engine-compatibility.ts';
import { validatePluginDefinition } from './manifest-validation.ts';

const valid = { name: 'ai-acme', version: '1.0.0', engine: '^1.0.0', capabilities: ['ai'], register() {} };

describe('validatePluginDefinition', () => {
  it('accepts a complete definition', () => {
    expect(validatePluginDefinition(valid)).toEqual([]);
  });

  it('explains each problem', () => {
    expect(validatePluginDefinition({ ...valid, name: 'AI Acme', capabilities: ['ai', 'telepathy'], register: 'no' })).toEqual([
      '`name` must be kebab-case, e.g. "ai-acme"',
      'unknown capability "telepathy"',
      '`register` must be a function',
    ]);
    expect(validatePluginDefinition({ ...valid, configSchema: { type: 'string' } })).toEqual([
      '`configSchema` must be a JSON Schema of type "object"',
    ]);
    expect(validatePluginDefinition(null)).toEqual(['the default export is not a plugin definition object']);
  });
});

describe('isEngineCompatible', () => {
  it('checks the range against the plugin API version', () => {
    expect(isEngineCompatible('^1.0.0', '1.4.2')).toBe(true);
    expect(isEngineCompatible('^1.5.0', '1.4.2')).toBe(false);
    expect(isEngineCompatible('^2.0.0', '1.4.2')).toBe(false);
    expect(isEngineCompatible('not a range', '1.4.2')).toBe(false);
  });
});
