import type { IncomingMessage, ServerResponse } from 'node:http';
import { crossOriginRefusal } from './same-origin.server.ts';
import { BASE_SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY } from './security-headers.server.ts';

type Next = (error?: unknown) => void;

const header = (request: IncomingMessage, name: string): string | null => {
  const value = request.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
};

/**
 * Runs in front of Remix (the production server and `vite dev` alike): security headers on every
 * response, HSTS when the request came over https, and a 403 for a cross-origin form post before
 * Remix's own host check would turn it into a bare 500.
 */
export function securityMiddleware(options: { isHttps(request: IncomingMessage): boolean }) {
  return (request: IncomingMessage, response: ServerResponse, next: Next): void => {
    for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) response.setHeader(name, value);
    if (options.isHttps(request)) response.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    const refusal = crossOriginRefusal({
      method: request.method ?? 'GET',
      origin: header(request, 'origin'),
      host: header(request, 'host'),
      forwardedHost: header(request, 'x-forwarded-host'),
    });
    if (refusal === null) {
      next();
      return;
    }
    response.statusCode = 403;
    response.setHeader('Content-Type', 'text/plain; charset=utf-8');
    response.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    response.end(refusal);
  };
}
