/**
 * Schema of the job port, applied by a versioned migration. Foreign keys are deferred to commit
 * like everywhere else: a job, its outbox row and its children are flushed in one unit of work
 * without a known insert order. `course_id` has no FK because the courses module owns that table.
 */
export const JOBS_MIGRATION_SQL = `
  create table job (
    id uuid primary key,
    tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
    kind text not null,
    status text not null check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
    payload jsonb not null,
    result jsonb,
    error text,
    progress int not null default 0,
    progress_message text,
    parent_id uuid references job (id) deferrable initially deferred,
    course_id uuid,
    stream_job_id uuid not null,
    attempts int not null default 0,
    max_attempts int not null default 5,
    awaiting_children boolean not null default false,
    event_seq bigint not null default 0,
    cancel_requested boolean not null default false,
    heartbeat_at timestamptz,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz
  );
  create index job_tenant_created_idx on job (tenant_id, created_at);
  create index job_parent_idx on job (parent_id);
  create index job_status_heartbeat_idx on job (status, heartbeat_at);

  create table job_outbox (
    id bigserial primary key,
    job_id uuid not null references job (id) on delete cascade deferrable initially deferred,
    kind text not null,
    attempt int not null,
    available_at timestamptz not null default now(),
    created_at timestamptz not null default now()
  );
  create index job_outbox_available_idx on job_outbox (available_at);
  -- The recovery sweep asks "has this job an outbox row?", and cascading deletes look rows up by job.
  create index job_outbox_job_idx on job_outbox (job_id);
`;
