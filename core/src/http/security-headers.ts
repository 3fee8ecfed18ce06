import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The API answers JSON (and file downloads), never pages, so its policy forbids everything a
 * document could do: no scripts, no framing, no base or form targets.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/** Sent only on answers that went out over https (directly or through a trusted proxy, MIRAI_TRUST_PROXY). */
export const API_STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Every answer's fixed security headers: the CSP above and the set helmet 8 sends with
 * `xFrameOptions: deny` (security-headers.test.ts holds them equal). Fixed once here: helmet
 * rebuilt its dozen middlewares on every request, a few percent of a cached `GET /v1/me`.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': API_CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/**
 * An onRequest hook, synchronous: the fixed headers on every answer (errors included), HSTS when
 * the request came over https. `request.protocol` believes X-Forwarded-Proto only from proxies
 * Fastify trusts. A route that must differ (LTI pages framed by the platform) overrides them.
 */
export function apiSecurityHeaders(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.headers(API_SECURITY_HEADERS);
  if (request.protocol === 'https') reply.header('strict-transport-security', API_STRICT_TRANSPORT_SECURITY);
  done();
}
