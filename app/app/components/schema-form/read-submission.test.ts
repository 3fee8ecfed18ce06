import { describe, expect, it } from 'vitest';
import { configErrorsFromProblem, explain, summariseConfigErrors } from './field-errors';
import { readSubmission } from './read-submission';
import { fieldsFromSchema } from './schema-fields';

const schema = {
  properties: {
    apiKey: { type: 'string', title: 'API key', writeOnly: true },
    model: { type: 'string', enum: ['small', 'large'], default: 'small' },
    level: { type: 'integer', enum: [1, 2] },
    budget: { type: 'integer', title: 'Budget', minimum: 0 },
    ratio: { type: 'number' },
    strict: { type: 'boolean' },
    baseUrl: { type: 'string', format: 'uri' },
    extra: { type: 'object' },
  },
  required: ['apiKey'],
};
const fields = fieldsFromSchema(schema, { config: {}, secretsSet: ['apiKey'] });
const form = (values: Record<string, string>) => new Map(Object.entries(values)) as unknown as FormData;

describe('readSubmission', () => {
  it('types every value the way the schema declares it', () => {
    const result = readSubmission(
      fields,
      form({
        'config.apiKey': 'sk-1',
        'config.model': 'large',
        'config.level': '2',
        'config.budget': '12',
        'config.ratio': '0.25',
        'config.strict': 'true',
        'config.baseUrl': 'https://x.test',
        'config.extra': '{"a":1}',
      }),
    );
    expect(result.errors).toEqual({});
    expect(result.config).toEqual({
      apiKey: 'sk-1',
      model: 'large',
      level: 2,
      budget: 12,
      ratio: 0.25,
      strict: true,
      baseUrl: 'https://x.test',
      extra: { a: 1 },
    });
  });

  it('leaves out empty optional fields and a blank secret (which keeps the stored one), and reads an unticked box as false', () => {
    const result = readSubmission(fields, form({ 'config.apiKey': '', 'config.model': 'small', 'config.budget': '  ' }));
    expect(result.config).toEqual({ model: 'small', strict: false });
    expect('apiKey' in result.config).toBe(false);
  });

  it('sends null for a secret the user chose to remove', () => {
    expect(readSubmission(fields, form({ 'config.apiKey': 'ignored', 'clear.apiKey': 'true' })).config.apiKey).toBeNull();
  });

  it('flags values that cannot be typed, by field, and never echoes a secret', () => {
    const result = readSubmission(
      fields,
      form({ 'config.apiKey': 'sk-secret', 'config.budget': '1.5', 'config.ratio': 'abc', 'config.level': '7', 'config.extra': '{' }),
    );
    expect(result.errors).toEqual({
      budget: 'Enter a whole number.',
      ratio: 'Enter a number.',
      level: 'Choose one of the listed options.',
      extra: 'Enter valid JSON.',
    });
    expect(result.submitted.budget).toBe('1.5');
    expect(JSON.stringify(result.submitted)).not.toContain('sk-secret');
  });
});

describe('configErrorsFromProblem', () => {
  it("reads the fields of another body object, such as an export's settings", () => {
    const problem = { title: 'The export settings are not valid', errors: [{ field: '/body/settings/budget', message: 'must be >= 0' }] };
    expect(configErrorsFromProblem(problem, fields, 'Could not start.', 'settings').fields).toEqual({ budget: 'Must be at least 0.' });
    expect(configErrorsFromProblem(problem, fields, 'Could not start.').fields).toEqual({});
  });

  it("puts the API's field errors on the named fields in plain words", () => {
    const problem = {
      title: 'The plugin configuration is not valid',
      detail: '/body/config/apiKey must have required property',
      errors: [
        { field: '/body/config/apiKey', message: "must have required property 'apiKey'" },
        { field: '/body/config/budget', message: 'must be >= 0' },
      ],
    };
    const errors = configErrorsFromProblem(problem, fields, 'Could not save.');
    expect(errors.fields).toEqual({ apiKey: 'Required: enter a value.', budget: 'Must be at least 0.' });
    expect(errors.message).toBe('The plugin configuration is not valid: 2 fields need attention.');
    expect(summariseConfigErrors(errors, fields)).toBe('API key: Required: enter a value. Budget: Must be at least 0.');
  });

  it('keeps errors it cannot place in the summary, and falls back to the detail', () => {
    expect(configErrorsFromProblem({ title: 'Conflict', detail: 'configured by the operator' }, fields, 'x')).toEqual({
      message: 'configured by the operator',
      fields: {},
    });
    expect(
      configErrorsFromProblem({ errors: [{ field: '/body/config', message: 'must NOT have additional properties' }] }, fields, 'Could not save.'),
    ).toEqual({
      message: 'Could not save.',
      fields: {},
    });
    expect(configErrorsFromProblem(undefined, fields, 'Could not save.').message).toBe('Could not save.');
  });

  it('explains common validator messages', () => {
    expect(explain('must be equal to one of the allowed values', undefined)).toBe('Choose one of the listed options.');
    expect(explain('must NOT have fewer than 4 characters', undefined)).toBe('Use at least 4 characters.');
    expect(explain('must be <= 10', undefined)).toBe('Must be at most 10.');
    expect(explain('must match format "uri"', undefined)).toBe('Enter a full URL, like https://example.org.');
    expect(explain('must be string', undefined)).toBe('Must be string.');
  });
});
