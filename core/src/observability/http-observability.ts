import { context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { MiraiMetrics } from './mirai-metrics.ts';
import { parseTraceParent } from './trace-parent.ts';
import { miraiTracer } from './tracer.ts';

/** Probes and scrapes: measured, never traced (they would drown the traces that matter). */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

const spans = new WeakMap<FastifyRequest, Span>();

/** The route template a request matched (`/v1/jobs/:id`), never its raw URL: label values stay bounded. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/**
 * Latency histogram by route template and status class, and one server span per request. The span
 * is made the active context from preHandler on (after the body was read, whose stream callbacks
 * would lose it), so what the handler starts — a job row's traceparent, plugin calls — joins it.
 */
async function httpObservability(app: FastifyInstance, options: { metrics: MiraiMetrics }): Promise<void> {
  const { metrics } = options;
  app.addHook('onRequest', (request, _reply, done) => {
    const route = routeOf(request);
    if (!UNTRACED.has(route)) {
      const header = request.headers.traceparent;
      const remote = parseTraceParent(typeof header === 'string' ? header : undefined);
      const parent = remote === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, remote);
      const span = miraiTracer().startSpan(
        `${request.method} ${route}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } },
        parent,
      );
      if (span.isRecording()) spans.set(request, span);
    }
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (span === undefined) done();
    else context.with(trace.setSpan(context.active(), span), done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    metrics.httpDuration.observe(
      { route: routeOf(request), method: request.method, status_class: `${Math.floor(status / 100)}xx` },
      reply.elapsedTime / 1000,
    );
    const span = spans.get(request);
    if (span !== undefined) {
      span.setAttribute('http.response.status_code', status);
      // Only server errors fail the span; a 4xx is the client's, as the semantic conventions say.
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}

export default fp(httpObservability, { name: 'mirai-http-observability' });
