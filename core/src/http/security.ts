import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { cookieOriginGuard } from './cookie-origin-guard.ts';
import { apiSecurityHeaders } from './security-headers.ts';

/** Cookies, security headers, the CORS allow-list, the cookie origin guard and (opt-in per route) rate limiting. */
export const security = fp(
  async (app: FastifyInstance, options: { corsOrigins: string[]; publicUrl: string }) => {
    await app.register(cookie);
    // preValidation: after the request scope (onRequest) has decided which credential authenticated the caller.
    app.addHook('preValidation', cookieOriginGuard([...options.corsOrigins, options.publicUrl]));
    // Helmet's fixed headers (nosniff, no framing, …); its CSP and HSTS are ours: the CSP computed
    // once instead of per request, HSTS only over https.
    await app.register(helmet, { contentSecurityPolicy: false, strictTransportSecurity: false, xFrameOptions: { action: 'deny' } });
    app.addHook('onRequest', apiSecurityHeaders);
    await app.register(cors, { origin: options.corsOrigins, credentials: true, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] });
    await app.register(rateLimit, { global: false });
  },
  { name: 'mirai-security' },
);
