import { describe, expect, it } from 'vitest';
import { fieldsFromSchema, humanise } from './schema-fields';

// The shape of plugins/ai-gemini's configuration schema.
const gemini = {
  type: 'object',
  title: 'Gemini',
  properties: {
    apiKey: { type: 'string', title: 'API key', description: 'A Gemini API key.', minLength: 1, writeOnly: true },
    model: { type: 'string', title: 'Model', enum: ['gemini-2.5-flash', 'gemini-2.5-pro'], default: 'gemini-2.5-flash' },
    thinkingBudget: { type: 'integer', title: 'Thinking budget', minimum: 0, default: 1024 },
    baseUrl: { type: 'string', title: 'Base URL', format: 'uri' },
  },
  required: ['apiKey'],
  additionalProperties: false,
};

describe('fieldsFromSchema', () => {
  it('maps each property to a field in schema order with labels, help text and required markers', () => {
    const fields = fieldsFromSchema(gemini, { config: {}, secretsSet: [] });
    expect(fields.map((field) => [field.name, field.kind, field.label, field.required])).toEqual([
      ['apiKey', 'secret', 'API key', true],
      ['model', 'enum', 'Model', false],
      ['thinkingBudget', 'number', 'Thinking budget', false],
      ['baseUrl', 'text', 'Base URL', false],
    ]);
    expect(fields[0]?.description).toBe('A Gemini API key.');
    expect(fields[0]?.id).toBe('config-apiKey');
  });

  it('treats writeOnly properties as secrets, reporting only whether one is set', () => {
    const [notSet] = fieldsFromSchema(gemini, { config: {}, secretsSet: [] });
    const [set] = fieldsFromSchema(gemini, { config: { apiKey: 'leaked?' }, secretsSet: ['apiKey'] });
    expect(notSet).toMatchObject({ kind: 'secret', isSet: false, minLength: 1 });
    expect(set).toMatchObject({ kind: 'secret', isSet: true });
    expect(JSON.stringify(set)).not.toContain('leaked?');
  });

  it('offers enum options, preselecting the stored value, else the default', () => {
    const fresh = fieldsFromSchema(gemini, { config: {}, secretsSet: [] })[1];
    expect(fresh).toMatchObject({
      kind: 'enum',
      value: 'gemini-2.5-flash',
      allowEmpty: false,
      options: [
        { value: 'gemini-2.5-flash', raw: 'gemini-2.5-flash' },
        { value: 'gemini-2.5-pro', raw: 'gemini-2.5-pro' },
      ],
    });
    expect(fieldsFromSchema(gemini, { config: { model: 'gemini-2.5-pro' }, secretsSet: [] })[1]).toMatchObject({ value: 'gemini-2.5-pro' });
  });

  it('keeps typed enum values and allows an empty choice for an optional enum without default', () => {
    const [level] = fieldsFromSchema({ properties: { level: { type: 'integer', enum: [1, 2, 3] } } }, { config: { level: 2 }, secretsSet: [] });
    expect(level).toMatchObject({ kind: 'enum', value: '2', allowEmpty: true });
    expect(level?.kind === 'enum' ? level.options.map((option) => option.raw) : []).toEqual([1, 2, 3]);
  });

  it('maps numbers and integers with their bounds and shows the default as a placeholder', () => {
    const schema = { properties: { ratio: { type: 'number', minimum: 0, maximum: 1 }, retries: { type: 'integer', default: 3 } } };
    const [ratio, retries] = fieldsFromSchema(schema, { config: { ratio: 0.5 }, secretsSet: [] });
    expect(ratio).toMatchObject({ kind: 'number', integer: false, value: '0.5', minimum: 0, maximum: 1 });
    expect(retries).toMatchObject({ kind: 'number', integer: true, value: '', placeholder: '3' });
  });

  it('maps booleans to a checked state from the stored value, else the default', () => {
    const schema = { properties: { strict: { type: 'boolean', default: true }, verbose: { type: 'boolean' } } };
    expect(fieldsFromSchema(schema, { config: {}, secretsSet: [] }).map((field) => field.kind === 'boolean' && field.checked)).toEqual([true, false]);
    expect(fieldsFromSchema(schema, { config: { strict: false }, secretsSet: [] })[0]).toMatchObject({ checked: false });
  });

  it('picks input types from string formats and keeps string constraints', () => {
    const schema = {
      properties: {
        site: { type: 'string', format: 'uri' },
        contact: { type: 'string', format: 'email' },
        code: { type: 'string', pattern: '^[A-Z]+$', maxLength: 8 },
      },
    };
    const fields = fieldsFromSchema(schema, { config: {}, secretsSet: [] });
    expect(fields.map((field) => field.kind === 'text' && field.inputType)).toEqual(['url', 'email', 'text']);
    expect(fields[2]).toMatchObject({ pattern: '^[A-Z]+$', maxLength: 8 });
  });

  it('treats a nullable type list as its non-null type and edits objects and arrays as JSON', () => {
    const schema = { properties: { region: { type: ['string', 'null'] }, tags: { type: 'array', items: { type: 'string' } } } };
    const [region, tags] = fieldsFromSchema(schema, { config: { tags: ['a', 'b'] }, secretsSet: [] });
    expect(region?.kind).toBe('text');
    expect(tags).toMatchObject({ kind: 'json', value: '[\n  "a",\n  "b"\n]' });
  });

  it('shows what the user submitted instead of the stored value after a failed save', () => {
    const fields = fieldsFromSchema(gemini, {
      config: { thinkingBudget: 10 },
      secretsSet: [],
      submitted: { thinkingBudget: 'lots', model: 'gemini-2.5-pro' },
    });
    expect(fields[1]).toMatchObject({ value: 'gemini-2.5-pro' });
    expect(fields[2]).toMatchObject({ value: 'lots' });
  });

  it('labels untitled properties from their names and yields nothing for a schema without properties', () => {
    expect(fieldsFromSchema({ properties: { maxOutputTokens: { type: 'integer' } } }, { config: {}, secretsSet: [] })[0]?.label).toBe(
      'Max output tokens',
    );
    expect(humanise('base_url')).toBe('Base url');
    expect(fieldsFromSchema(null, { config: {}, secretsSet: [] })).toEqual([]);
    expect(fieldsFromSchema({ type: 'object' }, { config: {}, secretsSet: [] })).toEqual([]);
  });
});
