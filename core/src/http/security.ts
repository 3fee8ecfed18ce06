import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Cookies, security headers, the CORS allow-list and (opt-in per route) rate limiting. */
export const security = fp(
  async (app: FastifyInstance, options: { corsOrigins: string[] }) => {
    await app.register(cookie);
    // The API serves JSON only, so the strictest CSP costs nothing.
    await app.register(helmet, { contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
    await app.register(cors, { origin: options.corsOrigins, credentials: true, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] });
    await app.register(rateLimit, { global: false });
  },
  { name: 'mirai-security' },
);
