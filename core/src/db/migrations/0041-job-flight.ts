import { Migration } from '@mikro-orm/migrations';

// Per-tenant fairness of the job port (jobs/tenant-hand-over.ts). Outbox rows carry their job's
// tenant, so the relay can take the oldest due rows of each tenant from an index without joining
// every waiting row to its job. `job_flight` lists the jobs the relay handed to the transport that
// may still occupy a worker: written in the hand-over's transaction, pruned lazily by the relay
// once the job row says the delivery is over, so it never counts less than what is in flight.
// Idempotent: databases that ran this change as the reverted `0038-tenant-job-flight` have it already.
export class Migration0041JobFlight extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table job_outbox add column if not exists tenant_id uuid;
      update job_outbox set tenant_id = job.tenant_id from job where job.id = job_outbox.job_id and job_outbox.tenant_id is null;
      alter table job_outbox alter column tenant_id set not null;
      create index if not exists job_outbox_tenant_idx on job_outbox (tenant_id, id);
      create table if not exists job_flight (
        job_id uuid primary key references job (id) on delete cascade deferrable initially deferred,
        tenant_id uuid not null,
        attempt int not null,
        handed_over_at timestamptz not null default now()
      );
      create index if not exists job_flight_tenant_idx on job_flight (tenant_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table job_flight; drop index job_outbox_tenant_idx; alter table job_outbox drop column tenant_id;');
  }
}
