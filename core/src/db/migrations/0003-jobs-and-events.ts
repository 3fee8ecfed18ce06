import { Migration } from '@mikro-orm/migrations';
import { JOBS_MIGRATION_SQL } from '../../jobs/jobs.migration-sql.ts';

// The job port's tables, and the persisted event streams that websocket clients replay from.
export class Migration0003JobsAndEvents extends Migration {
  override async up(): Promise<void> {
    this.addSql(JOBS_MIGRATION_SQL);
    this.addSql(`
      create index job_course_active_idx on job (course_id, status) where parent_id is null;
      create table job_event (
        job_id uuid not null references job (id) on delete cascade deferrable initially deferred,
        seq bigint not null,
        tenant_id uuid not null,
        course_id uuid,
        type text not null,
        data jsonb not null,
        created_at timestamptz not null,
        primary key (job_id, seq)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table job_event, job_outbox, job;');
  }
}
