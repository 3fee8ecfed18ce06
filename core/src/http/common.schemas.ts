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

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const problemResponse = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: ProblemSchema } } };

/** Problem responses for the given statuses, for route schemas (served as application/problem+json). */
export function problems(...statuses: number[]): Record<number, typeof problemResponse> {
  return Object.fromEntries(statuses.map((status) => [status, problemResponse]));
}
