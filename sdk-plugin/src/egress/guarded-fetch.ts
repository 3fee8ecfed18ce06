import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A `fetch` over Node's http(s) with the given (guarded) agents, so every connection goes
 * through the agents' checks. Request bodies are buffered; responses stream. Redirects are
 * returned, not followed, so a redirect cannot lead a request past the guard.
 */
export function guardedFetch(httpAgent: http.Agent, httpsAgent: https.Agent, badScheme: (url: URL) => Error): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badScheme(url);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const secure = url.protocol === 'https:';
    const transport = secure ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = transport.request(
        url,
        { method: request.method, headers, agent: secure ? httpsAgent : httpAgent, signal: request.signal },
        (incoming) => {
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2)
            responseHeaders.append(incoming.rawHeaders[i] ?? '', incoming.rawHeaders[i + 1] ?? '');
          const status = incoming.statusCode ?? 502;
          const empty = NULL_BODY_STATUSES.has(status) || request.method === 'HEAD';
          if (empty) incoming.resume();
          const stream = empty ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
          resolve(
            new Response(stream as globalThis.ReadableStream<Uint8Array> | null, {
              status,
              statusText: incoming.statusMessage ?? '',
              headers: responseHeaders,
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
}
