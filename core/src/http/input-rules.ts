import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MiraiError } from '../errors/mirai-error.ts';
import { INT4_MAX, TEXT_PATTERN, UUID_PATTERN } from './common.schemas.ts';

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Applies the shared rules to a request schema in place, for every route (so a new route cannot
 * forget them): strings get the text rule (uuid strings the id rule) unless they carry their own
 * pattern or an enum; integers without bounds get PostgreSQL int4's. Lengths stay explicit per
 * field; the OpenAPI test holds every route to that.
 */
export function applyInputRules(schema: unknown): void {
  if (!isSchema(schema)) return;
  if (schema.type === 'string' && schema.format === 'uuid') {
    schema.pattern ??= UUID_PATTERN;
    schema.maxLength ??= 36;
  } else if (schema.type === 'string' && schema.pattern === undefined && schema.enum === undefined && schema.const === undefined)
    schema.pattern = TEXT_PATTERN;
  if (schema.type === 'integer') {
    schema.minimum ??= -INT4_MAX - 1;
    schema.maximum ??= INT4_MAX;
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const)
    if (Array.isArray(schema[key])) for (const s of schema[key]) applyInputRules(s);
  for (const key of ['items', 'additionalProperties', 'not'] as const) applyInputRules(schema[key]);
  for (const key of ['properties', 'patternProperties'] as const)
    if (isSchema(schema[key])) for (const s of Object.values(schema[key])) applyInputRules(s);
}

/** The first place in `value` holding U+0000 or a lone surrogate (in a key or a string), as a field path. */
export function unsafeTextAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') || !value.isWellFormed() ? path : null;
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (key.includes('\u0000') || !key.isWellFormed()) return at;
    const found = unsafeTextAt(item, at);
    if (found !== null) return found;
  }
  return null;
}

function refuseUnsafeText(request: FastifyRequest): void {
  const parts = { params: request.params, querystring: request.query, body: request.body } as const;
  for (const [context, value] of Object.entries(parts)) {
    const field = unsafeTextAt(value, `/${context}`);
    if (field !== null)
      throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `${field} must be text without U+0000 or unpaired surrogates`, {
        fieldErrors: [{ field, message: 'must be text without U+0000 or unpaired surrogates' }],
      });
  }
}

/**
 * Register before any route: every route's request schemas get the shared rules, and every request
 * is checked for U+0000 and lone surrogates before validation, also in schema-less parts such as
 * plugin configuration objects (stored as jsonb, which refuses U+0000).
 */
export const inputRules = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', (route) => {
      const schema = route.schema;
      if (schema === undefined) return;
      for (const part of [schema.body, schema.querystring, schema.params, schema.headers]) applyInputRules(part);
    });
    app.addHook('preValidation', async (request) => refuseUnsafeText(request));
  },
  { name: 'mirai-input-rules' },
);
