import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Seconds; from a cached answer (a few ms) to a slow export. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds; jobs run from a mail send to a whole course's generation. */
const JOB_BUCKETS = [0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
const PLUGIN_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The Prometheus series of one Mirai process. One registry per server (tests build several in one
 * process); the hot paths only observe into in-memory series, and what needs the database is read
 * when scraped (see metrics-collectors.ts).
 */
export class MiraiMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'mirai_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status class (2xx, 4xx, 5xx).',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'mirai_job_duration_seconds',
    help: "Time a job's handler ran, by job kind, tenant class and outcome (completed, waiting, retrying, failed, cancelled, released).",
    labelNames: ['kind', 'tenant_class', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });
  readonly pluginCallDuration = new Histogram({
    name: 'mirai_plugin_call_duration_seconds',
    help: 'Latency of calls into plugins, by plugin, extension point (capability.method) and trust (trusted or sandboxed).',
    labelNames: ['plugin', 'extension_point', 'trust'] as const,
    buckets: PLUGIN_BUCKETS,
    registers: [this.registry],
  });
  readonly pluginCallErrors = new Counter({
    name: 'mirai_plugin_call_errors_total',
    help: 'Plugin calls that failed or timed out, by plugin, extension point and trust.',
    labelNames: ['plugin', 'extension_point', 'trust'] as const,
    registers: [this.registry],
  });
  readonly aiTokens = new Counter({
    name: 'mirai_ai_tokens_total',
    help: 'AI tokens used, by provider plugin and direction (in, out; thinking counts as out).',
    labelNames: ['provider', 'direction'] as const,
    registers: [this.registry],
  });
  constructor(options: { processRole: string }) {
    this.registry.setDefaultLabels({ process_role: options.processRole });
    // CPU, memory, event-loop lag and GC of this process, under the usual names.
    collectDefaultMetrics({ register: this.registry, prefix: 'mirai_' });
  }

  /** The Prometheus text exposition of every series. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
