import type { JsonSchema } from '@mirai/sdk-plugin';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ErrorCode } from '../errors/error-catalogue.ts';
import { type FieldError, MiraiError } from '../errors/mirai-error.ts';

const options = { allErrors: true, strict: false, validateFormats: false } as const;
const strict = new Ajv(options);
// For values that arrive as a string|number|boolean union (export settings): the HTTP schema may
// have turned 2 into "2", so the plugin's schema decides the type, and the coerced value is kept.
const coercing = new Ajv({ ...options, coerceTypes: true });
// Plugin schemas are fixed for the life of the process, so each is compiled once per instance.
const compiled = new Map<Ajv, WeakMap<object, ValidateFunction>>([
  [strict, new WeakMap()],
  [coercing, new WeakMap()],
]);

function validator(ajv: Ajv, schema: JsonSchema): ValidateFunction {
  const cache = compiled.get(ajv) ?? new WeakMap<object, ValidateFunction>();
  const found = cache.get(schema);
  if (found !== undefined) return found;
  const validate = ajv.compile(schema);
  cache.set(schema, validate);
  return validate;
}

function fieldErrors(validate: ValidateFunction, prefix: string): FieldError[] {
  return (validate.errors ?? []).map((e) => {
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    const name = params.missingProperty ?? params.additionalProperty;
    return { field: `${prefix}${e.instancePath}${name === undefined ? '' : `/${name}`}`, message: e.message ?? 'is not valid' };
  });
}

function refuse(code: ErrorCode, errors: FieldError[]): MiraiError {
  return new MiraiError(code, errors.map((e) => `${e.field} ${e.message}`).join('; '), { fieldErrors: errors });
}

/** Every field of `value` that fails a plugin's JSON Schema, each under `prefix`; empty when it matches. */
export function schemaFieldErrors(schema: JsonSchema, value: unknown, prefix: string): FieldError[] {
  const validate = validator(strict, schema);
  return validate(value) ? [] : fieldErrors(validate, prefix);
}

/** Throws `code` (a 400) listing every field of `value` that fails a plugin's JSON Schema, each under `prefix`. */
export function assertMatchesSchema(schema: JsonSchema, value: unknown, prefix: string, code: ErrorCode): void {
  const validate = validator(strict, schema);
  if (!validate(value)) throw refuse(code, fieldErrors(validate, prefix));
}

/** Like assertMatchesSchema, coercing scalars to the schema's types; returns the coerced copy. */
export function coerceToSchema<T extends object>(schema: JsonSchema, value: T, prefix: string, code: ErrorCode): T {
  const copy = structuredClone(value);
  const validate = validator(coercing, schema);
  if (!validate(copy)) throw refuse(code, fieldErrors(validate, prefix));
  return copy;
}
