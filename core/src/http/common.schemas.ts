import { Type } from 'typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable error code, see docs/errors.md' }),
    instance: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

const problemResponse = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: ProblemSchema } } };

/** Problem responses for the given statuses, for route schemas (served as application/problem+json). */
export function problems(...statuses: number[]): Record<number, typeof problemResponse> {
  return Object.fromEntries(statuses.map((status) => [status, problemResponse]));
}

/**
 * The one string rule of every request field: no U+0000 (PostgreSQL text cannot hold it) and no
 * unpaired surrogate (not Unicode text). Ajv compiles patterns with the `u` flag, so a surrogate
 * pair is one code point outside the class and only a lone surrogate matches it.
 */
export const TEXT_PATTERN = '^[^\\u0000\\uD800-\\uDFFF]*$';
/** The one id rule: a canonical UUID (the `uuid` format alone also admits `urn:uuid:` forms PostgreSQL refuses). */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** The id rule for ids that arrive outside a route schema (a header, a websocket message, a ticket). */
export const UUID_REGEX = new RegExp(UUID_PATTERN);
/** Integer bounds as stored: PostgreSQL int4, and int8 limited to what a JS number holds exactly. */
export const INT4_MAX = 2_147_483_647;
export const INT8_SAFE_MAX = Number.MAX_SAFE_INTEGER;

type StringOptions = NonNullable<Parameters<typeof Type.String>[0]>;

/** A request text field: the string rule plus an explicit maximum length. */
export function Text(options: StringOptions & { maxLength: number }) {
  return Type.String({ pattern: TEXT_PATTERN, ...options });
}

/** A request id field (path, query or body). */
export function Id(options: StringOptions = {}) {
  return Type.String({ format: 'uuid', pattern: UUID_PATTERN, minLength: 36, maxLength: 36, ...options });
}

export const IdParams = Type.Object({ id: Id() });
