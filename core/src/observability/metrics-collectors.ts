import { Gauge } from 'prom-client';
import type { Orm } from '../db/orm.ts';
import type { MiraiMetrics } from './mirai-metrics.ts';
import type { TenantClassOf } from './tenant-classes.ts';

/** The series this file adds, by name (the deploy checks hold alerts and dashboards to existing names). */
export const SCRAPE_TIME_METRICS = {
  websocketSubscribers: 'mirai_websocket_subscribers',
  jobsQueued: 'mirai_jobs_queued',
  oldestQueued: 'mirai_jobs_oldest_queued_age_seconds',
  outboxLag: 'mirai_outbox_lag_seconds',
} as const;

interface QueuedRow {
  kind: string;
  tenant_id: string;
  queued: string;
  oldest_seconds: string;
}

/**
 * Series read when Prometheus scrapes, not kept up to date on every change: queue depth and
 * outbox lag come from the job tables (the truth across every process, so every process reports
 * the same value: aggregate them with max, not sum), subscribers from this process's hub.
 */
export function registerScrapeTimeMetrics(
  metrics: MiraiMetrics,
  options: {
    orm: Orm;
    tenantClassOf: TenantClassOf;
    websocketSubscribers: (() => number) | null;
    /** MIRAI_TENANT_JOB_LIMIT: a tenant's rows wait on purpose while it has this many jobs in flight. */
    tenantJobLimit: number;
  },
): void {
  const registers = [metrics.registry];
  const { orm, tenantClassOf } = options;
  const subscribers = options.websocketSubscribers;
  if (subscribers !== null)
    new Gauge({
      name: SCRAPE_TIME_METRICS.websocketSubscribers,
      help: 'Websocket connections subscribed to job or course streams in this process.',
      registers,
      collect() {
        this.set(subscribers());
      },
    });
  // Both queue series come from one query per scrape (they are collected one after the other).
  let snapshot: { at: number; rows: Promise<QueuedRow[]> } | null = null;
  const queued = (): Promise<QueuedRow[]> => {
    if (snapshot === null || Date.now() - snapshot.at > 1_000) {
      const rows = orm.em.fork().execute<QueuedRow[]>(
        `select kind, tenant_id, count(*) as queued, extract(epoch from now() - min(created_at)) as oldest_seconds
           from job where status = 'queued' group by kind, tenant_id`,
      );
      snapshot = { at: Date.now(), rows };
    }
    return snapshot.rows;
  };
  // Grouped by tenant in SQL (few queued rows), by class here: the class map lives in configuration.
  const labelsOf = (row: QueuedRow) => ({ kind: row.kind, tenant_class: tenantClassOf(row.tenant_id) });
  new Gauge({
    name: SCRAPE_TIME_METRICS.jobsQueued,
    help: 'Jobs queued (not yet running), by job kind and tenant class.',
    labelNames: ['kind', 'tenant_class'] as const,
    registers,
    async collect() {
      const rows = await queued();
      this.reset();
      for (const row of rows) this.inc(labelsOf(row), Number(row.queued));
    },
  });
  new Gauge({
    name: SCRAPE_TIME_METRICS.oldestQueued,
    help: 'Age of the oldest queued job (waiting for a worker, or for its retry), by job kind and tenant class.',
    labelNames: ['kind', 'tenant_class'] as const,
    registers,
    async collect() {
      const rows = await queued();
      this.reset();
      const oldest = new Map<string, number>();
      for (const row of rows) {
        const labels = labelsOf(row);
        const key = `${labels.kind}/${labels.tenant_class}`;
        const age = Number(row.oldest_seconds);
        if (age <= (oldest.get(key) ?? -1)) continue;
        oldest.set(key, age);
        this.set(labels, age);
      }
    },
  });
  new Gauge({
    name: SCRAPE_TIME_METRICS.outboxLag,
    help: "Age of the oldest outbox row that is due, not held back by its tenant's job limit, and not yet handed to the job transport (0 when none waits).",
    registers,
    async collect() {
      const rows = await orm.em.fork().execute<Array<{ lag: string | null }>>(
        // A flooding tenant's rows wait for its own jobs to finish (fair hand-over); only rows the relay should move count.
        `select extract(epoch from now() - min(available_at)) as lag from job_outbox
            where available_at <= now() and (select count(*) from job_flight where job_flight.tenant_id = job_outbox.tenant_id) < ?`,
        [options.tenantJobLimit],
      );
      this.set(Math.max(0, Number(rows[0]?.lag ?? 0)));
    },
  });
}
