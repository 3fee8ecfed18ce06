import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { MiraiMetrics } from './mirai-metrics.ts';
import type { TenantClassOf } from './tenant-classes.ts';
import { parseTraceParent } from './trace-parent.ts';
import { endWith, miraiTracer } from './tracer.ts';

export interface ObservedJob {
  id: string;
  kind: string;
  tenantId: string;
  /** Written when the job row was created (the request's or parent job's span); continues that trace. */
  traceParent: string | null;
}

/** How a handler's run ended, for the duration histogram: `waiting` returned waitForChildren, `error` threw. */
export type HandlerOutcome = 'completed' | 'waiting' | 'error';

/** Times every handler run and runs it inside a consumer span whose parent is the job row's traceparent. */
export class JobObserver {
  readonly #metrics: MiraiMetrics;
  readonly #tenantClassOf: TenantClassOf;

  constructor(metrics: MiraiMetrics, tenantClassOf: TenantClassOf) {
    this.#metrics = metrics;
    this.#tenantClassOf = tenantClassOf;
  }

  async run<T>(job: ObservedJob, attempt: number, handler: () => Promise<T>, outcomeOf: (result: T) => HandlerOutcome): Promise<T> {
    const remote = parseTraceParent(job.traceParent);
    const parent = remote === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, remote);
    const span = miraiTracer().startSpan(
      `job ${job.kind}`,
      { kind: SpanKind.CONSUMER, attributes: { 'mirai.job.id': job.id, 'mirai.job.kind': job.kind, 'mirai.job.attempt': attempt } },
      parent,
    );
    const labels = { kind: job.kind, tenant_class: this.#tenantClassOf(job.tenantId) };
    const stop = this.#metrics.jobDuration.startTimer(labels);
    try {
      const result = await endWith(span, context.with(trace.setSpan(parent, span), handler));
      stop({ outcome: outcomeOf(result) });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }
}
