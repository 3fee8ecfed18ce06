import { Migration } from '@mikro-orm/migrations';

// The audit log of plugin settings changes (names of changed fields, never values).
export class Migration0010PluginConfigChange extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table plugin_config_change (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        plugin_name text not null,
        actor_user_id uuid not null,
        actor_email text not null,
        changed_fields jsonb not null,
        secrets_changed jsonb not null,
        secrets_cleared jsonb not null,
        enabled boolean not null,
        at timestamptz not null
      );
      create index plugin_config_change_tenant_at_idx on plugin_config_change (tenant_id, at);
    `);
  }
}
