import { Migration } from '@mikro-orm/migrations';

// AI token usage waiting to be reported to the tenant's billing plugin (an outbox: written in the
// generation job's transaction, sent and retried by workers), and one row per run of a periodic
// task so that, across any number of processes, each period's run happens once.
export class Migration0006Billing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table billing_usage_report (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        job_id uuid not null,
        ai_tokens integer not null check (ai_tokens >= 0),
        occurred_at timestamptz not null,
        status text not null check (status in ('pending', 'reported', 'skipped', 'failed')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null,
        last_error text,
        reported_at timestamptz
      );
      create index billing_usage_report_due_idx on billing_usage_report (next_attempt_at) where status = 'pending';
      create table scheduled_run (
        name text not null,
        period_start timestamptz not null,
        claimed_by text not null,
        claimed_at timestamptz not null,
        finished_at timestamptz,
        outcome jsonb,
        primary key (name, period_start)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table scheduled_run, billing_usage_report;');
  }
}
