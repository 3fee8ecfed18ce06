import { Migration } from '@mikro-orm/migrations';

// Routing per task: an organisation's provider and model chain per generation task, and which plugin
// wrote each usage row (the provider name a plugin reports is not the plugin's name; prices and
// per-provider caps are by plugin). Rows written before this have no plugin.
export class Migration0012AiRouting extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table tenant add column ai_routing jsonb;');
    this.addSql('alter table token_usage add column plugin text;');
    this.addSql('create index token_usage_tenant_plugin_idx on token_usage (tenant_id, plugin, created_at);');
  }
}
