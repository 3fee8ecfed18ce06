import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The API answers JSON (and file downloads), never pages, so its policy forbids everything a
 * document could do: no scripts, no framing, no base or form targets. Fixed here, once, rather
 * than rebuilt by helmet on every request.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/** Sent only on answers that went out over https (directly or through a trusted proxy, MIRAI_TRUST_PROXY). */
export const API_STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * An onRequest hook: the fixed CSP on every answer, HSTS when the request came over https.
 * `request.protocol` believes X-Forwarded-Proto only from proxies Fastify trusts.
 */
export function apiSecurityHeaders(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
  if (request.protocol === 'https') reply.header('Strict-Transport-Security', API_STRICT_TRANSPORT_SECURITY);
  done();
}
