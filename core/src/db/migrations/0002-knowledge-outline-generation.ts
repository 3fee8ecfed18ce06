import { Migration } from '@mikro-orm/migrations';

// Subject-matter knowledge (SMEs, documents, searchable chunks), audiences, the course outline
// with versioned lesson content, and token usage for generation caps and billing.
export class Migration0002KnowledgeOutlineGeneration extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table tenant add column ai_monthly_token_cap bigint;
      alter table course add column sme_ids jsonb not null default '[]';
      alter table course add column audience_ids jsonb not null default '[]';
      alter table course add column outline_provenance jsonb;

      create table sme (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        name text not null,
        expertise text not null,
        created_at timestamptz not null
      );
      create index sme_tenant_idx on sme (tenant_id);
      create table sme_document (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        sme_id uuid not null references sme (id) on delete cascade deferrable initially deferred,
        title text not null,
        media_type text not null,
        size_bytes integer not null,
        text text not null,
        created_at timestamptz not null
      );
      create index sme_document_sme_idx on sme_document (sme_id);
      create table sme_chunk (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        sme_id uuid not null references sme (id) on delete cascade deferrable initially deferred,
        document_id uuid not null references sme_document (id) on delete cascade deferrable initially deferred,
        position integer not null,
        heading text,
        text text not null,
        tsv tsvector generated always as (to_tsvector('english', coalesce(heading, '') || ' ' || text)) stored
      );
      create index sme_chunk_tsv_idx on sme_chunk using gin (tsv);
      create index sme_chunk_sme_idx on sme_chunk (tenant_id, sme_id);

      create table audience (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        name text not null,
        role text not null,
        level text not null check (level in ('beginner', 'intermediate', 'advanced')),
        prior_knowledge text not null,
        goals text not null,
        created_at timestamptz not null
      );
      create index audience_tenant_idx on audience (tenant_id);

      create table course_module (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        position integer not null,
        title text not null
      );
      create index course_module_course_idx on course_module (course_id, position);
      create table lesson (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        course_id uuid not null references course (id) on delete cascade deferrable initially deferred,
        module_id uuid not null references course_module (id) on delete cascade deferrable initially deferred,
        position integer not null,
        title text not null,
        objectives jsonb not null,
        status text not null check (status in ('pending', 'generating', 'ready', 'failed')),
        current_version integer not null default 0,
        updated_at timestamptz not null
      );
      create index lesson_module_idx on lesson (module_id, position);
      create index lesson_course_idx on lesson (course_id);
      create table lesson_version (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        lesson_id uuid not null references lesson (id) on delete cascade deferrable initially deferred,
        version integer not null,
        blocks jsonb not null,
        provenance jsonb not null,
        job_id uuid,
        created_at timestamptz not null,
        unique (lesson_id, version),
        -- one version per generation job: a re-delivered job cannot add a lesson twice
        unique (lesson_id, job_id)
      );

      create table token_usage (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        job_id uuid,
        provider text not null,
        model text not null,
        input_tokens integer not null,
        output_tokens integer not null,
        created_at timestamptz not null
      );
      create index token_usage_tenant_month_idx on token_usage (tenant_id, created_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table token_usage, lesson_version, lesson, course_module, audience, sme_chunk, sme_document, sme;
      alter table course drop column sme_ids, drop column audience_ids, drop column outline_provenance;
      alter table tenant drop column ai_monthly_token_cap;
    `);
  }
}
