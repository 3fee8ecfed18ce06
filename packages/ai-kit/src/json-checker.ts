import { type JsonSchema, type JsonValue, PluginError } from '@mirai/sdk-plugin';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

export type JsonCheck = { ok: true; value: JsonValue } | { ok: false; problems: string[] };

const MAX_PROBLEMS = 8;

/**
 * Validates model output against request schemas (JSON Schema 2020-12, as the SDK's
 * JsonSchema type declares). Unknown keywords such as `x-…` annotations are tolerated and
 * `format` is not enforced, so any schema the host accepts compiles.
 */
export function createJsonChecker(): (schemaName: string, schema: JsonSchema) => (text: string) => JsonCheck {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  const compiled = new WeakMap<JsonSchema, ValidateFunction>();

  const compile = (schemaName: string, schema: JsonSchema): ValidateFunction => {
    const cached = compiled.get(schema);
    if (cached !== undefined) return cached;
    try {
      const validate = ajv.compile(schema);
      compiled.set(schema, validate);
      return validate;
    } catch (error) {
      throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `Schema "${schemaName}" is not a usable JSON Schema: ${String(error)}`, { cause: error });
    }
  };

  return (schemaName, schema) => {
    const validate = compile(schemaName, schema);
    return (text) => {
      let value: JsonValue;
      try {
        value = JSON.parse(unfenced(text)) as JsonValue;
      } catch (error) {
        // Not the parser's message: it quotes the output, and problems end up in errors users see.
        const reason =
          text.trim() === '' ? 'the output was empty' : `the output is not JSON (${error instanceof SyntaxError ? 'syntax error' : 'unreadable'})`;
        return { ok: false, problems: [reason] };
      }
      if (validate(value)) return { ok: true, value };
      return { ok: false, problems: describeErrors(validate.errors ?? []) };
    };
  };
}

/** Tolerates a Markdown code fence around the JSON, which structured output should not produce but models sometimes do. */
function unfenced(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(text);
  return match?.[1] ?? text;
}

function describeErrors(errors: ErrorObject[]): string[] {
  const problems = errors.map((error) => {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    const extra = error.keyword === 'additionalProperties' ? ` ("${String(error.params.additionalProperty)}")` : '';
    return `${where} ${error.message ?? `fails "${error.keyword}"`}${extra}`;
  });
  const unique = [...new Set(problems)];
  return unique.length > MAX_PROBLEMS ? [...unique.slice(0, MAX_PROBLEMS), `…and ${unique.length - MAX_PROBLEMS} more`] : unique;
}

/** What to tell a model whose JSON did not validate, for its single repair attempt. */
export function repairInstruction(problems: string[], schemaName: string): string {
  return [
    `Your previous reply does not validate against the JSON schema "${schemaName}":`,
    ...problems.map((problem) => `- ${problem}`),
    'Reply again with only the corrected JSON value, which must validate against the schema.',
  ].join('\n');
}

/** Drops Mirai-only annotations (`x-…` keywords) from a schema before it goes to a model API. */
export function withoutAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAnnotations);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (key.startsWith('x-') ? [] : [[key, withoutAnnotations(inner)]])));
}
