import type { FastifyRequest } from 'fastify';

/**
 * Query parameters that are credentials: websocket tickets, storage URL signatures (storage-fs
 * `sig`, S3 SigV4) and tokens. Whoever reads the logs must not be able to replay them.
 */
const SECRET_QUERY_PARAMETERS = new Set(['ticket', 'token', 'sig', 'signature', 'x-amz-signature', 'x-amz-credential', 'x-amz-security-token']);

function parameterName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** `url` with the value of every secret query parameter replaced by `[redacted]`; the rest untouched. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const parts = url
    .slice(query + 1)
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      const name = equals === -1 ? part : part.slice(0, equals);
      return SECRET_QUERY_PARAMETERS.has(parameterName(name)) ? `${name}=[redacted]` : part;
    });
  return `${url.slice(0, query)}?${parts.join('&')}`;
}

/** Fastify logger options: credentials in headers and query strings never reach the log. */
export function requestLogOptions(level: string) {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}
