import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

const port = Number.parseInt(process.env.PORT ?? '3000', 10);
// Tests build into a temporary directory so they never overwrite a developer's build/.
const buildDirectory = process.env.MIRAI_APP_BUILD_DIR ?? 'build';

export default defineConfig({
  server: { host: '127.0.0.1', port, strictPort: true },
  plugins: [
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
