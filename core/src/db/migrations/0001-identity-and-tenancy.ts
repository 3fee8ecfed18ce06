import { Migration } from '@mikro-orm/migrations';

// Foreign keys are deferred to commit: entities reference each other by id columns, so the
// unit of work does not know an insert order, and a transaction is only checked as a whole.
export class Migration0001IdentityAndTenancy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table tenant (
        id uuid primary key,
        name text not null,
        slug text not null unique,
        created_at timestamptz not null
      );
      create table app_user (
        id uuid primary key,
        email text not null unique,
        auth_provider text not null,
        auth_subject text not null,
        created_at timestamptz not null,
        unique (auth_provider, auth_subject)
      );
      create table membership (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
        role text not null check (role in ('owner', 'admin', 'author', 'learner')),
        created_at timestamptz not null,
        unique (tenant_id, user_id)
      );
      create index membership_user_idx on membership (user_id);
      create table session (
        id uuid primary key,
        token_hash text not null unique,
        user_id uuid not null references app_user (id) on delete cascade deferrable initially deferred,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        expires_at timestamptz not null,
        created_at timestamptz not null
      );
      create index session_expires_idx on session (expires_at);
      create table invitation (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        email text not null,
        role text not null check (role in ('owner', 'admin', 'author', 'learner')),
        token_hash text not null unique,
        invited_by uuid not null references app_user (id) deferrable initially deferred,
        expires_at timestamptz not null,
        accepted_at timestamptz,
        created_at timestamptz not null
      );
      create index invitation_tenant_idx on invitation (tenant_id);
      create table plugin_installation (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        plugin_name text not null,
        enabled boolean not null,
        config jsonb not null,
        secrets text,
        updated_at timestamptz not null,
        unique (tenant_id, plugin_name)
      );
      create table plugin_state (
        plugin_name text not null,
        key text not null,
        value jsonb not null,
        updated_at timestamptz not null,
        primary key (plugin_name, key)
      );
      create table course (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        owner_id uuid not null references app_user (id) deferrable initially deferred,
        title text not null,
        desired_outcome text not null,
        language text not null,
        status text not null check (status in ('draft', 'generating', 'ready', 'published')),
        created_at timestamptz not null,
        updated_at timestamptz not null
      );
      create index course_tenant_idx on course (tenant_id, created_at desc);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table course, plugin_state, plugin_installation, invitation, session, membership, app_user, tenant;');
  }
}
