import { Migration } from '@mikro-orm/migrations';

// Learning: publications (snapshots of what learners see), enrolments, lesson progress and
// graded quiz attempts.
export class Migration0005Learning extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table course_publication (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        number integer not null,
        title text not null,
        description text not null,
        language text not null,
        outline jsonb not null,
        published_by uuid not null,
        published_at timestamptz not null,
        unique (course_id, number)
      );
      create index course_publication_tenant_idx on course_publication (tenant_id, course_id, number desc);
      -- lesson ids are not foreign keys: a published lesson outlives its removal from the draft outline
      create table published_lesson (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        publication_id uuid not null references course_publication (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        lesson_id uuid not null,
        lesson_version_id uuid not null,
        version integer not null,
        blocks jsonb not null,
        unique (publication_id, lesson_id)
      );
      create table enrolment (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
        enrolled_at timestamptz not null,
        completed_at timestamptz,
        unique (course_id, user_id)
      );
      create index enrolment_user_idx on enrolment (tenant_id, user_id);
      create table lesson_progress (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        enrolment_id uuid not null references enrolment (id) on delete cascade deferrable initially deferred,
        lesson_id uuid not null,
        completed_at timestamptz,
        updated_at timestamptz not null,
        unique (enrolment_id, lesson_id)
      );
      create table quiz_attempt (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        enrolment_id uuid not null references enrolment (id) on delete cascade deferrable initially deferred,
        lesson_id uuid not null,
        block_id text not null,
        answers jsonb not null,
        correct integer not null,
        total integer not null,
        passed boolean not null,
        created_at timestamptz not null
      );
      create index quiz_attempt_enrolment_idx on quiz_attempt (enrolment_id, lesson_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table quiz_attempt, lesson_progress, enrolment, published_lesson, course_publication;');
  }
}
