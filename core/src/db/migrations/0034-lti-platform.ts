import { Migration } from '@mikro-orm/migrations';

// LTI 1.3 with Mirai as the platform: the external tools an organisation registers, the launches
// in flight (a single-use message hint per launch or deep-linking request), the tools' client
// assertion ids (single use), AGS access tokens and the line items of external-tool blocks.
export class Migration0034LtiPlatform extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table lti_tool (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        name text not null,
        client_id text not null unique,
        deployment_id text not null,
        login_url text not null,
        launch_url text not null,
        jwks_url text not null,
        deep_linking_url text,
        created_at timestamptz not null
      );
      create index lti_tool_tenant_idx on lti_tool (tenant_id);
      create table lti_tool_launch (
        hint_hash text primary key,
        tenant_id uuid not null references tenant (id) on delete cascade,
        tool_id uuid not null references lti_tool (id) on delete cascade,
        user_id uuid not null references app_user (id) on delete cascade,
        message jsonb not null,
        expires_at timestamptz not null
      );
      create table lti_tool_assertion (
        tool_id uuid not null references lti_tool (id) on delete cascade,
        jti text not null,
        expires_at timestamptz not null,
        primary key (tool_id, jti)
      );
      create table lti_tool_token (
        token_hash text primary key,
        tool_id uuid not null references lti_tool (id) on delete cascade,
        scopes jsonb not null,
        expires_at timestamptz not null
      );
      create table lti_line_item (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        tool_id uuid not null references lti_tool (id) on delete cascade,
        course_id uuid not null references course (id) on delete cascade,
        lesson_id uuid not null,
        block_id text not null,
        label text not null,
        score_maximum double precision not null,
        created_at timestamptz not null,
        unique (tool_id, course_id, lesson_id, block_id)
      );
      create index lti_line_item_course_idx on lti_line_item (course_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      'drop table lti_line_item; drop table lti_tool_token; drop table lti_tool_assertion; drop table lti_tool_launch; drop table lti_tool;',
    );
  }
}
