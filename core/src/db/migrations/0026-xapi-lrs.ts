import { Migration } from '@mikro-orm/migrations';

// The xAPI LRS: Basic credentials an organisation issues, statements, State and Agent Profile documents.
export class Migration0026XapiLrs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table xapi_credential (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        name text not null,
        key text not null unique,
        secret_hash text not null,
        created_by uuid not null,
        created_at timestamptz not null,
        revoked_at timestamptz
      );
      create index xapi_credential_tenant_idx on xapi_credential (tenant_id);
      create table xapi_statement (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        statement_id uuid not null,
        statement jsonb not null,
        content_hash text not null,
        verb_id text not null,
        actor_key text not null,
        object_agent_key text,
        activity_id text,
        registration uuid,
        voided boolean not null,
        voids_statement_id uuid,
        stored timestamptz not null,
        batch_position integer not null,
        credential_id uuid not null,
        unique (tenant_id, statement_id)
      );
      create index xapi_statement_stored_idx on xapi_statement (tenant_id, stored, batch_position);
      create index xapi_statement_actor_idx on xapi_statement (tenant_id, actor_key);
      create index xapi_statement_activity_idx on xapi_statement (tenant_id, activity_id);
      create index xapi_statement_registration_idx on xapi_statement (tenant_id, registration);
      create table xapi_document (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        kind text not null check (kind in ('state', 'agent-profile')),
        activity_id text not null,
        agent_key text not null,
        registration text not null,
        document_id text not null,
        content_type text not null,
        content_base64 text not null,
        etag text not null,
        updated_at timestamptz not null,
        unique (tenant_id, kind, activity_id, agent_key, registration, document_id)
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table xapi_document, xapi_statement, xapi_credential;');
  }
}
