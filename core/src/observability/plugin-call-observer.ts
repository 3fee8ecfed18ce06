import { context, SpanKind, trace } from '@opentelemetry/api';
import type { MiraiMetrics } from './mirai-metrics.ts';
import { failSpan, miraiTracer } from './tracer.ts';

export type PluginTrust = 'trusted' | 'sandboxed';

export interface PluginCall {
  /** Runs the plugin's method with this call's span active, so what the plugin causes joins the trace. */
  within<T>(work: () => T): T;
  /** Once: the call's promise settled, or its stream ended. */
  end(error?: unknown): void;
}

/** Latency, errors and a span for each call into a plugin's extension point. */
export class PluginCallObserver {
  readonly #metrics: MiraiMetrics;

  constructor(metrics: MiraiMetrics) {
    this.#metrics = metrics;
  }

  start(plugin: string, extensionPoint: string, trust: PluginTrust): PluginCall {
    const labels = { plugin, extension_point: extensionPoint, trust };
    const stop = this.#metrics.pluginCallDuration.startTimer(labels);
    const span = miraiTracer().startSpan(`plugin ${plugin} ${extensionPoint}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'mirai.plugin': plugin, 'mirai.plugin.extension_point': extensionPoint, 'mirai.plugin.trust': trust },
    });
    let ended = false;
    return {
      within: (work) => context.with(trace.setSpan(context.active(), span), work),
      end: (error) => {
        if (ended) return;
        ended = true;
        stop();
        if (error !== undefined) {
          this.#metrics.pluginCallErrors.inc(labels);
          failSpan(span, error);
        }
        span.end();
      },
    };
  }
}
