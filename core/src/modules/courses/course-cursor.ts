import { MiraiError } from '../../errors/mirai-error.ts';
import { UUID_REGEX } from '../../http/common.schemas.ts';

/** Where a page of the course list ends: the last course's creation time (microseconds, UTC) and id. */
export interface CourseCursor {
  createdAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Opaque to clients: base64url of the position, so the order's columns can change without breaking the contract. */
export function encodeCursor(cursor: CourseCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id]), 'utf8').toString('base64url');
}

/** A cursor this API did not hand out is a 400 naming the field, never a database error. */
export function decodeCursor(text: string): CourseCursor {
  const invalid = () =>
    new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', '/querystring/cursor is not a cursor this list returned', {
      fieldErrors: [{ field: '/querystring/cursor', message: 'is not a cursor this list returned' }],
    });
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(position) || position.length !== 2) throw invalid();
  const [createdAt, id] = position;
  if (typeof createdAt !== 'string' || !TIMESTAMP.test(createdAt) || typeof id !== 'string' || !UUID_REGEX.test(id)) throw invalid();
  if (Number.isNaN(Date.parse(createdAt))) throw invalid();
  return { createdAt, id };
}
