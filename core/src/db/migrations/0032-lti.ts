import { Migration } from '@mikro-orm/migrations';

// LTI 1.3 with Mirai as the tool: the platforms an organisation registers, the organisation's RSA
// tool key (private half sealed under the instance key), the login states of OIDC initiations in
// flight, one-time hand-offs from a launch to the app, and the AGS line items scores go back to.
export class Migration0032Lti extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table lti_platform (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        name text not null,
        issuer text not null,
        client_id text not null,
        deployment_ids jsonb not null,
        auth_login_url text not null,
        jwks_url text not null,
        token_url text not null,
        created_at timestamptz not null,
        unique (issuer, client_id)
      );
      create index lti_platform_tenant_idx on lti_platform (tenant_id);
      create table lti_tool_key (
        tenant_id uuid primary key references tenant (id) on delete cascade deferrable initially deferred,
        kid text not null,
        public_jwk jsonb not null,
        private_key_sealed text not null,
        created_at timestamptz not null default now()
      );
      create table lti_login_state (
        state_hash text primary key,
        nonce text not null,
        platform_id uuid not null references lti_platform (id) on delete cascade,
        expires_at timestamptz not null
      );
      create table lti_handoff (
        code_hash text primary key,
        tenant_id uuid not null references tenant (id) on delete cascade,
        user_id uuid not null references app_user (id) on delete cascade,
        path text not null,
        expires_at timestamptz not null
      );
      create table lti_grade_link (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        platform_id uuid not null references lti_platform (id) on delete cascade,
        enrolment_id uuid not null references enrolment (id) on delete cascade,
        user_sub text not null,
        line_item_url text not null,
        sent_at timestamptz,
        attempts integer not null default 0,
        last_error text,
        unique (enrolment_id, platform_id, line_item_url)
      );
      create index lti_grade_link_pending_idx on lti_grade_link (sent_at) where sent_at is null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table lti_grade_link; drop table lti_handoff; drop table lti_login_state; drop table lti_tool_key; drop table lti_platform;');
  }
}
