// The production web server: remix-serve's static files, compression and request log, with the
// security middleware in front of Remix (headers, HSTS over https, 403 for cross-origin posts).
// Usage: node server.ts [build/server/index.js]; PORT, HOST, MIRAI_TRUST_PROXY as in the README.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import morgan from 'morgan';
import { securityMiddleware } from './app/lib/security-middleware.server.ts';

process.env.NODE_ENV = process.env.NODE_ENV ?? 'production';
const buildPath = path.resolve(process.argv[2] ?? path.join(process.env.MIRAI_APP_BUILD_DIR ?? 'build', 'server/index.js'));
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

const app = express();
app.disable('x-powered-by');
// Proxies whose X-Forwarded-Proto/-For are believed (same setting as the API); unset trusts none,
// so HSTS is sent only when a trusted proxy says the browser came over https.
const trusted = (process.env.MIRAI_TRUST_PROXY ?? '')
  .split(',')
  .map((entry) => entry.trim())
  .filter((entry) => entry !== '');
app.set('trust proxy', trusted.length === 0 ? false : trusted);
app.use(securityMiddleware({ isHttps: (request) => (request as express.Request).secure }));
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: '1y' }));
app.use(express.static('public', { maxAge: '1h' }));
app.use(morgan('tiny'));
app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number.parseInt(process.env.PORT ?? '3000', 10);
const host = process.env.HOST ?? '0.0.0.0';
const server = app.listen(port, host, () => console.log(`[mirai-app] http://${host}:${port}`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
