import { Migration } from '@mikro-orm/migrations';

// Imported SCORM packages, their SCOs (one lesson each) and each learner's CMI data per SCO.
export class Migration0024ScormImport extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table scorm_package (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        upload_id uuid not null,
        storage_plugin text not null,
        version text not null check (version in ('1.2', '2004')),
        identifier text not null,
        title text not null,
        file_count integer not null,
        total_bytes bigint not null,
        created_by uuid not null,
        created_at timestamptz not null
      );
      create index scorm_package_course_idx on scorm_package (tenant_id, course_id);
      create table scorm_sco (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        package_id uuid not null references scorm_package (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        lesson_id uuid not null unique references lesson (id) on delete cascade deferrable initially deferred,
        position integer not null,
        item_identifier text not null,
        title text not null,
        launch_path text not null,
        mastery_score double precision
      );
      create table scorm_attempt (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        enrolment_id uuid not null references enrolment (id) on delete cascade deferrable initially deferred,
        lesson_id uuid not null references lesson (id) on delete cascade deferrable initially deferred,
        cmi jsonb not null,
        completion_status text not null,
        success_status text not null,
        score_scaled double precision,
        score_raw double precision,
        total_time text not null,
        commits integer not null,
        updated_at timestamptz not null,
        unique (enrolment_id, lesson_id)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table scorm_attempt, scorm_sco, scorm_package;');
  }
}
