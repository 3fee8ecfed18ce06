import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig, type Plugin } from 'vite';
import { securityMiddleware } from './app/lib/security-middleware.server.ts';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

const port = Number.parseInt(process.env.PORT ?? '3000', 10);
// Tests build into a temporary directory so they never overwrite a developer's build/.
const buildDirectory = process.env.MIRAI_APP_BUILD_DIR ?? 'build';

/**
 * `vite dev` gets the production server's guard (security headers, 403 for cross-origin posts)
 * in front of Remix's handler; the dev server speaks plain http, so never HSTS.
 */
const securityInDev: Plugin = {
  name: 'mirai-security-headers',
  configureServer(server) {
    server.middlewares.use(securityMiddleware({ isHttps: () => false }));
  },
};

export default defineConfig({
  server: { host: '127.0.0.1', port, strictPort: true },
  plugins: [
    securityInDev,
    remix({
      buildDirectory,
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
});
