import type { FastifyRequest } from 'fastify';
import { MiraiError } from '../errors/mirai-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies ride along on requests another site makes the browser send; SameSite=Lax stops
 * cross-site ones but not those from a sibling subdomain (same site). A state-changing request
 * authenticated by the session cookie must therefore come from an origin we serve or allow.
 * The decision follows the credential the request scope actually used, never which headers are
 * present: a page can add a bogus `Authorization` header to a fetch that still carries the cookie.
 * Requests authenticated by a bearer or session token, and anonymous ones, pass untouched.
 * Browsers send `Origin` on every cross-origin request and on same-origin POST, PUT, PATCH and DELETE.
 * Runs as a preValidation hook, after the request scope has resolved the caller.
 */
export function cookieOriginGuard(allowedOrigins: readonly string[]): (request: FastifyRequest) => Promise<void> {
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  return async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.credential !== 'cookie') return;
    const origin = request.headers.origin;
    if (origin === undefined || allowed.has(origin)) return;
    throw new MiraiError('MIRAI_ERR_ORIGIN_REFUSED', `Requests from ${origin} may not use this API's cookies; add it to MIRAI_CORS_ORIGINS`, {
      extensions: { origin },
    });
  };
}
