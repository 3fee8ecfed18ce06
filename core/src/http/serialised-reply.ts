import type { FastifyReply } from 'fastify';

const JSON_UTF8 = 'application/json; charset=utf-8';

/** The bytes of `document` as the route's response serializer (fast-json-stringify, for the reply's status) writes them. */
export function serialisedBytes(reply: FastifyReply, document: unknown): Buffer {
  const serialised = reply.serialize(document);
  if (typeof serialised === 'string') return Buffer.from(serialised, 'utf8');
  return Buffer.isBuffer(serialised) ? serialised : Buffer.from(new Uint8Array(serialised));
}

/**
 * Sends JSON that was serialised already (by `serialisedBytes`, possibly for an earlier request):
 * Fastify passes a Buffer with a JSON content type through unchanged, hooks included, so the
 * answer is the one the route's serializer would have written, without serialising again.
 */
export function sendSerialised(reply: FastifyReply, body: Buffer): FastifyReply {
  return reply.type(JSON_UTF8).send(body);
}
