import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml',
  '.xsd': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.mp4': 'video/mp4',
  '.vtt': 'text/vtt',
  '.pdf': 'application/pdf',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves fixed pages and files (`pages`, by exact path) and folders (`folders`, by path prefix)
 * over HTTP on 127.0.0.1 with a port the OS picks. Paths that climb out of a folder get a 404.
 */
export async function startStaticServer(options: {
  pages?: Record<string, string>;
  files?: Record<string, string>;
  folders?: Record<string, string>;
}): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const send = (status: number, body: string | Uint8Array, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    const page = options.pages?.[pathname];
    if (page !== undefined) return send(200, page, CONTENT_TYPES['.html']);
    let file = options.files?.[pathname];
    for (const [prefix, folder] of Object.entries(options.folders ?? {})) {
      if (file === undefined && pathname.startsWith(prefix)) {
        const candidate = path.resolve(folder, `.${pathname.slice(prefix.length - 1)}`);
        if (candidate.startsWith(path.resolve(folder) + path.sep)) file = candidate;
      }
    }
    if (file === undefined) return send(404, 'not found');
    readFile(file).then(
      (bytes) => send(200, bytes, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream'),
      () => send(404, 'not found'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('could not read the port of the static server');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
