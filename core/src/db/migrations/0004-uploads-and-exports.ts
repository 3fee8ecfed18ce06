import { Migration } from '@mikro-orm/migrations';

// Files uploaded straight to storage (recorded here, never streamed through the API) and course
// exports written by jobs to storage.
export class Migration0004UploadsAndExports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table upload (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        owner_id uuid not null references app_user (id) deferrable initially deferred,
        storage_plugin text not null,
        storage_key text not null,
        file_name text not null,
        content_type text not null,
        size_bytes bigint not null,
        sha256 text,
        status text not null check (status in ('pending', 'complete')),
        expires_at timestamptz not null,
        created_at timestamptz not null,
        completed_at timestamptz
      );
      create index upload_pending_idx on upload (status, expires_at);
      create index upload_tenant_idx on upload (tenant_id, created_at desc);
      create table course_export (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        format text not null,
        settings jsonb not null,
        status text not null check (status in ('queued', 'running', 'completed', 'failed')),
        job_id uuid not null,
        storage_plugin text,
        storage_key text,
        file_name text,
        size_bytes bigint,
        error text,
        created_at timestamptz not null,
        completed_at timestamptz
      );
      create index course_export_course_idx on course_export (course_id, created_at desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table course_export, upload;');
  }
}
