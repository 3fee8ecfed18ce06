import { Migration } from '@mikro-orm/migrations';

/**
 * State of an organisation's sandboxed plugin was kept under `<package>/<organisation>`; it now
 * lives where the host keeps every organisation's plugin state, `<plugin>@<organisation>`
 * (tenantStateNamespace). Rows the sandbox wrote win over rows under the new name: the sandboxed
 * plugin only ever read its own.
 */
export const SANDBOX_STATE_RENAME_SQL = `
  delete from plugin_state target
    using tenant_plugin_install install, plugin_state old
    where target.plugin_name = install.plugin_name || '@' || install.tenant_id
      and old.plugin_name = install.package_name || '/' || install.tenant_id
      and old.key = target.key;
  update plugin_state state
    set plugin_name = install.plugin_name || '@' || install.tenant_id
    from tenant_plugin_install install
    where state.plugin_name = install.package_name || '/' || install.tenant_id;
`;

export class Migration0019SandboxStateNamespace extends Migration {
  override async up(): Promise<void> {
    this.addSql(SANDBOX_STATE_RENAME_SQL);
  }
}
