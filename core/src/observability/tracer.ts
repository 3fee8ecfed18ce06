import { type Attributes, context, type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';

/**
 * Mirai's tracer. Until `startTracing` registers a provider this is the API's no-op tracer, so the
 * spans the core opens cost next to nothing when traces are off (the default).
 */
export function miraiTracer(): Tracer {
  return trace.getTracer('mirai');
}

/** Ends `span` with the outcome of `work`: an error is recorded and marks the span failed. */
export async function endWith<T>(span: Span, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

export function failSpan(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs `work` in a child span of the active span; with no active span (untraced work, tracing off)
 * it runs as it is, so after-the-fact work never starts traces of its own.
 */
export function inChildSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const parent = context.active();
  if (trace.getSpan(parent) === undefined) return work();
  const span = miraiTracer().startSpan(name, { attributes }, parent);
  return endWith(span, context.with(trace.setSpan(parent, span), work));
}
