import { trace } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  /** Base OTLP/HTTP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT); traces go to `<endpoint>/v1/traces`. */
  endpoint?: string;
  /** Tests: export here instead, each span as it ends. */
  exporter?: SpanExporter;
  serviceName: string;
}

export interface Tracing {
  /** Exports what is still buffered and unregisters the provider. */
  shutdown(): Promise<void>;
}

let active: Tracing | null = null;

/**
 * Registers the tracer provider and the AsyncLocalStorage context manager. The SDK and exporter are
 * imported only here, when traces are on: the default start-up never loads them.
 */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  if (active !== null) return active;
  const [{ NodeTracerProvider }, { BatchSpanProcessor, SimpleSpanProcessor }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
  ]);
  let processor: SpanProcessor;
  if (options.exporter !== undefined) processor = new SimpleSpanProcessor(options.exporter);
  else {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const base = (options.endpoint ?? '').replace(/\/$/, '');
    processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` }));
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  provider.register();
  const tracing: Tracing = {
    async shutdown() {
      active = null;
      await provider.shutdown();
      trace.disable();
    },
  };
  active = tracing;
  return tracing;
}
