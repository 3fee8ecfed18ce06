import { Migration } from '@mikro-orm/migrations';

// Notifications: what each person was told (in-app centre), which source events were already
// handled for whom (so a redelivered event or a second replica tells nobody twice, whatever the
// person's preference), and each person's choice per kind. The partial index lets the feed find
// new job outcomes without scanning every streamed delta.
export class Migration0023Notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table notification (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
        kind text not null,
        title text not null,
        link text,
        payload jsonb not null default '{}',
        source_key text not null,
        created_at timestamptz not null default now(),
        read_at timestamptz,
        unique (tenant_id, user_id, source_key)
      );
      create index notification_user_idx on notification (tenant_id, user_id, created_at desc);
      create index notification_unread_idx on notification (tenant_id, user_id) where read_at is null;
      create table notification_source (
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
        source_key text not null,
        handled_at timestamptz not null default now(),
        primary key (tenant_id, user_id, source_key)
      );
      create table notification_preference (
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
        kind text not null,
        channel text not null check (channel in ('inApp', 'email', 'off')),
        primary key (tenant_id, user_id, kind)
      );
      create index job_event_outcome_idx on job_event (created_at) where type in ('job.completed', 'job.failed', 'export.completed');
      create index enrolment_completed_idx on enrolment (completed_at) where completed_at is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop index job_event_outcome_idx; drop index enrolment_completed_idx;');
    this.addSql('drop table notification_preference, notification_source, notification;');
  }
}
