import { Migration } from '@mikro-orm/migrations';

// SCORM 2004 sequencing: a package's activity tree with its sequencing definitions, and per
// enrolment what the sequencer tracks (activity attempts, objective states, global objectives).
export class Migration0037ScormSequencing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table scorm_package add column sequencing jsonb;
      create table scorm_sequencing_state (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        enrolment_id uuid not null references enrolment (id) on delete cascade deferrable initially deferred,
        package_id uuid not null references scorm_package (id) on delete cascade deferrable initially deferred,
        state jsonb not null,
        updated_at timestamptz not null,
        unique (enrolment_id, package_id)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table scorm_sequencing_state; alter table scorm_package drop column sequencing;');
  }
}
