import type { JsonSchema } from '@mirai/sdk-plugin';
import { Ajv, type ValidateFunction } from 'ajv';
import { MiraiError } from '../../errors/mirai-error.ts';

/** Distinct output schemas kept compiled; generation uses a handful (one per outline size asked for, one for activities). */
const KEPT_SCHEMAS = 32;

/**
 * Compiled output validators, shared by equal schemas. Handlers build their schema afresh for every
 * job (the outline's bounds come from the request), and Ajv keeps every schema object it compiles in
 * a map of its own for the life of the instance: compiling each job's object kept one validator
 * (its generated code and schema) per generated outline and lesson, so a worker grew without bound.
 * Validators are keyed by the schema's JSON text instead; past `capacity` distinct schemas the least
 * recently used is dropped here and removed from Ajv, so neither map grows with the number of jobs.
 */
export class OutputValidators {
  readonly #ajv: Ajv;
  readonly #capacity: number;
  readonly #byText = new Map<string, ValidateFunction>();

  constructor(ajv = new Ajv({ allErrors: true, strict: false }), capacity = KEPT_SCHEMAS) {
    this.#ajv = ajv;
    this.#capacity = capacity;
  }

  /** How many schemas are compiled now. */
  get size(): number {
    return this.#byText.size;
  }

  /** Providers promise schema-valid output; the core checks anyway before anything is written. */
  assert<T>(schema: JsonSchema, value: unknown, what: string): T {
    const validate = this.#validator(schema);
    if (!validate(value))
      throw new MiraiError(
        'MIRAI_ERR_GENERATION_OUTPUT_INVALID',
        `${what}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`,
      );
    return value as T;
  }

  #validator(schema: JsonSchema): ValidateFunction {
    const text = JSON.stringify(schema);
    const found = this.#byText.get(text);
    // Re-inserted on every use: the map's first entry is then the least recently used.
    this.#byText.delete(text);
    const validate = found ?? this.#ajv.compile(schema);
    this.#byText.set(text, validate);
    if (this.#byText.size > this.#capacity) {
      const oldest = this.#byText.entries().next();
      if (oldest.done !== true) {
        this.#byText.delete(oldest.value[0]);
        this.#ajv.removeSchema(oldest.value[1].schema);
      }
    }
    return validate;
  }
}

const validators = new OutputValidators();

/** Providers promise schema-valid output; the core checks anyway before anything is written. */
export function assertOutput<T>(schema: JsonSchema, value: unknown, what: string): T {
  return validators.assert<T>(schema, value, what);
}
