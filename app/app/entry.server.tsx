import { PassThrough } from 'node:stream';
import type { EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { publicApiUrl } from './api/client.server';
import { NonceContext } from './lib/nonce';
import { contentOriginFromEnv, contentSecurityPolicy, createNonce, storageOriginsFromEnv } from './lib/security-headers.server';

const ABORT_DELAY = 5_000;

// Fixed at start-up; each page only adds its nonce.
const policyFor = contentSecurityPolicy({
  publicApiUrl: publicApiUrl(),
  storageOrigins: storageOriginsFromEnv(),
  contentOrigin: contentOriginFromEnv(),
  dev: process.env.NODE_ENV === 'development',
});

/**
 * Remix's default Node entry, plus a Content-Security-Policy with a per-response script nonce
 * that `<Scripts>`, `<ScrollRestoration>` and Remix's streamed hydration scripts carry. The other
 * security headers (nosniff, HSTS over https, …) are set for every response by the server in
 * front (server.ts in production, the Vite plugin in development).
 */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const nonce = createNonce();
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let status = responseStatusCode;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set('Content-Type', 'text/html');
      responseHeaders.set('Content-Security-Policy', policyFor(nonce));
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError: reject,
        onError(error: unknown) {
          status = 500;
          // Errors in the shell reject and are logged by Remix; later ones only here.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
