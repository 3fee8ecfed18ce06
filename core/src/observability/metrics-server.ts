import { createServer, type Server } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { type MetricsAccess, metricsRefusal } from './metrics-access.ts';
import type { MiraiMetrics } from './mirai-metrics.ts';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * MIRAI_METRICS_PORT: /metrics on a port of its own, which the cluster's scraper reaches and the
 * public ingress does not. A bare node:http server: a scrape never queues behind API traffic.
 */
export async function listenForMetrics(options: {
  metrics: MiraiMetrics;
  access: MetricsAccess;
  host: string;
  port: number;
  logger: FastifyBaseLogger;
}): Promise<MetricsServer> {
  const { metrics, access, logger } = options;
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const refusal = metricsRefusal({ ...access, openWithoutToken: true }, request.headers.authorization);
    if (refusal !== null) {
      response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end(`${refusal}\n`);
      return;
    }
    metrics.render().then(
      (body) => response.writeHead(200, { 'content-type': metrics.contentType }).end(body),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics scrape failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
