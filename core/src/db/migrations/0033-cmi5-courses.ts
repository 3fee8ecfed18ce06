import { Migration } from '@mikro-orm/migrations';

// cmi5 import and launch: the imported course structure and its AUs (one lesson each), a
// registration per enrolment, per-AU results of a registration, and one session per launch
// with its single-use fetch secret and auth token (hashes only).
export class Migration0033Cmi5Courses extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table cmi5_course (
      id uuid primary key, tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
      course_id uuid not null references course (id) on delete cascade deferrable initially deferred, upload_id uuid not null, storage_plugin text not null,
      course_iri text not null, title text not null, structure jsonb not null, file_count int not null, total_bytes bigint not null,
      created_by uuid not null, created_at timestamptz not null);`);
    this.addSql('create index cmi5_course_course_idx on cmi5_course (course_id);');
    this.addSql(`create table cmi5_au (
      id uuid primary key, tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
      cmi5_course_id uuid not null references cmi5_course (id) on delete cascade deferrable initially deferred, course_id uuid not null,
      lesson_id uuid not null, position int not null, au_iri text not null, title text not null, url text not null,
      move_on text not null check (move_on in ('Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable')),
      mastery_score double precision, launch_method text not null, launch_parameters text not null, entitlement_key text not null);`);
    this.addSql('create unique index cmi5_au_lesson_idx on cmi5_au (course_id, lesson_id);');
    this.addSql(`create table cmi5_registration (
      id uuid primary key, tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
      cmi5_course_id uuid not null references cmi5_course (id) on delete cascade deferrable initially deferred,
      enrolment_id uuid not null references enrolment (id) on delete cascade deferrable initially deferred, user_id uuid not null,
      actor jsonb not null, satisfied jsonb not null default '[]', created_at timestamptz not null,
      unique (enrolment_id, cmi5_course_id));`);
    this.addSql(`create table cmi5_au_status (
      id uuid primary key, tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
      registration_id uuid not null references cmi5_registration (id) on delete cascade deferrable initially deferred,
      au_id uuid not null references cmi5_au (id) on delete cascade deferrable initially deferred,
      completed boolean not null, passed boolean not null, failed boolean not null, satisfied boolean not null,
      score_scaled double precision, updated_at timestamptz not null, unique (registration_id, au_id));`);
    this.addSql(`create table cmi5_session (
      id uuid primary key, tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
      registration_id uuid not null references cmi5_registration (id) on delete cascade deferrable initially deferred,
      au_id uuid not null references cmi5_au (id) on delete cascade deferrable initially deferred, enrolment_id uuid not null, lesson_id uuid not null,
      launch_mode text not null, fetch_hash text not null, fetched_at timestamptz, token_hash text,
      state text not null check (state in ('launched', 'initialized', 'terminated', 'abandoned')),
      verbs jsonb not null default '[]', created_at timestamptz not null);`);
    this.addSql('create index cmi5_session_registration_idx on cmi5_session (registration_id, au_id, created_at);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table cmi5_session;');
    this.addSql('drop table cmi5_au_status;');
    this.addSql('drop table cmi5_registration;');
    this.addSql('drop table cmi5_au;');
    this.addSql('drop table cmi5_course;');
  }
}
