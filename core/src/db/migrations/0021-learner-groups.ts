import { Migration } from '@mikro-orm/migrations';

// Learner management: groups (cohorts) with start and due dates, their members (by address, so
// someone invited but not yet signed up can be placed in a group), courses assigned to a group
// with a due date, and per-learner withdrawals from an assigned course.
export class Migration0021LearnerGroups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table learner_group (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        name text not null,
        starts_at timestamptz,
        due_at timestamptz,
        created_by uuid not null,
        created_at timestamptz not null,
        unique (tenant_id, name),
        check (starts_at is null or due_at is null or due_at >= starts_at)
      );
      -- user_id is null until the invited address has an account in the organisation
      create table group_member (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        group_id uuid not null references learner_group (id) on delete cascade deferrable initially deferred,
        email text not null,
        user_id uuid references app_user (id) on delete cascade deferrable initially deferred,
        added_at timestamptz not null,
        unique (group_id, email)
      );
      create index group_member_user_idx on group_member (tenant_id, user_id);
      create index group_member_pending_idx on group_member (tenant_id, email) where user_id is null;
      create table course_assignment (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        group_id uuid not null references learner_group (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        due_at timestamptz,
        assigned_by uuid not null,
        assigned_at timestamptz not null,
        unique (group_id, course_id)
      );
      create index course_assignment_course_idx on course_assignment (tenant_id, course_id);
      create table course_withdrawal (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
        withdrawn_by uuid not null,
        withdrawn_at timestamptz not null,
        unique (course_id, user_id)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table course_withdrawal, course_assignment, group_member, learner_group;');
  }
}
