import type { JsonSchema } from '@mirai/sdk-plugin';
import { Ajv } from 'ajv';
import { MiraiError } from '../../errors/mirai-error.ts';

const ajv = new Ajv({ allErrors: true, strict: false });

/** Providers promise schema-valid output; the core checks anyway before anything is written. */
export function assertOutput<T>(schema: JsonSchema, value: unknown, what: string): T {
  const validate = ajv.compile(schema);
  if (!validate(value))
    throw new MiraiError(
      'MIRAI_ERR_GENERATION_OUTPUT_INVALID',
      `${what}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`,
    );
  return value as T;
}
