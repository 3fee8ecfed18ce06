import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { cookieOriginGuard } from './cookie-origin-guard.ts';
import { apiSecurityHeaders } from './security-headers.ts';

/** Cookies, security headers, the CORS allow-list, the cookie origin guard and (opt-in per route) rate limiting. */
export const security = fp(
  async (app: FastifyInstance, options: { corsOrigins: string[]; publicUrl: string; contentOrigin?: string }) => {
    await app.register(cookie);
    // preValidation: after the request scope (onRequest) has decided which credential authenticated the caller.
    app.addHook('preValidation', cookieOriginGuard([...options.corsOrigins, options.publicUrl]));
    // The fixed security headers (helmet's set and our CSP) computed once, HSTS only over https.
    app.addHook('onRequest', apiSecurityHeaders);
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    const appCors = { origin: options.corsOrigins, credentials: true, methods };
    // Content on the content origin (cmi5 AUs) may reach the LRS under /xapi/ and nothing else,
    // without cookies: it authenticates with its launch's auth token.
    const lrsCors = { origin: options.contentOrigin, credentials: false, methods: ['GET', 'POST', 'PUT', 'DELETE'] };
    await app.register(cors, () => (request: FastifyRequest, callback: (error: Error | null, options: typeof appCors | typeof lrsCors) => void) => {
      const fromContent = options.contentOrigin !== undefined && request.headers.origin === options.contentOrigin;
      callback(null, fromContent && request.url.startsWith('/xapi/') ? lrsCors : appCors);
    });
    await app.register(rateLimit, { global: false });
  },
  { name: 'mirai-security' },
);
