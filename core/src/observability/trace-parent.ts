import { context, isSpanContextValid, type SpanContext, trace } from '@opentelemetry/api';

// W3C `traceparent` (version 00) written by hand: the job row carries it to the worker, and the
// propagator in @opentelemetry/core is not worth loading for one header-shaped string.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The active span as a `traceparent`, or null when nothing is traced (tracing off, or no span). */
export function currentTraceParent(): string | null {
  const span = trace.getSpan(context.active());
  if (span === undefined) return null;
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!isSpanContextValid(span.spanContext())) return null;
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

/** The remote parent a stored `traceparent` names, or undefined for null or a malformed value. */
export function parseTraceParent(value: string | null | undefined): SpanContext | undefined {
  const match = value == null ? null : TRACEPARENT.exec(value);
  if (match === null) return undefined;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  const parsed: SpanContext = { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true };
  return isSpanContextValid(parsed) ? parsed : undefined;
}
