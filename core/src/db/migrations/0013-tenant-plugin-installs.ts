import { Migration } from '@mikro-orm/migrations';

// Plugins an organisation installed for itself from the operator's catalogue, and the audit log
// entries for installs, upgrades and removals beside the settings changes.
export class Migration0013TenantPluginInstalls extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table tenant_plugin_install (
        id uuid primary key,
        tenant_id uuid not null references tenant (id) on delete cascade deferrable initially deferred,
        plugin_name text not null,
        package_name text not null,
        version text not null,
        egress_approved jsonb not null,
        installed_by uuid not null,
        installed_at timestamptz not null,
        updated_at timestamptz not null,
        unique (tenant_id, plugin_name)
      );
      alter table plugin_config_change add column action text not null default 'configure';
      alter table plugin_config_change add column version text null;
    `);
  }
}
