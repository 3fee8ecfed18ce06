import { Migration } from '@mikro-orm/migrations';

// The W3C traceparent of the span that created a job, so the worker's span continues the trace of
// the request (or parent job) that started it. Null when traces are off and for older jobs.
export class Migration0025JobTraceParent extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table job add column trace_parent text;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table job drop column trace_parent;');
  }
}
