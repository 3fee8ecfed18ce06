import { Type } from 'typebox';
import { MiraiError } from '../errors/mirai-error.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { type MetricsAccess, metricsRefusal } from './metrics-access.ts';
import type { MiraiMetrics } from './mirai-metrics.ts';

/** GET /metrics on the main port (when MIRAI_METRICS_PORT does not move it to a port of its own). */
export async function metricsRoute(app: TypedApp, options: { metrics: MiraiMetrics; access: MetricsAccess }): Promise<void> {
  app.get(
    '/metrics',
    {
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics of this process (text exposition format)',
        security: [{ bearer: [] }],
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const refusal = metricsRefusal(options.access, request.headers.authorization);
      if (refusal !== null) throw new MiraiError('MIRAI_ERR_AUTH_UNAUTHENTICATED', refusal);
      const body = await options.metrics.render();
      return reply.type(options.metrics.contentType).send(body);
    },
  );
}
