import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A plugin package an organisation installed for itself; runs sandboxed, for that organisation only. */
export const TenantPluginInstallSchema = defineEntity({
  name: 'TenantPluginInstall',
  tableName: 'tenant_plugin_install',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    /** The `definePlugin` name (what configuration and capability lookups use). */
    pluginName: p.string(),
    packageName: p.string(),
    version: p.string(),
    /** Hosts of the signed manifest's `egress` the installing owner approved. */
    egressApproved: p.json<string[]>(),
    installedBy: p.uuid(),
    installedAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['tenantId', 'pluginName'] }],
});

export type TenantPluginInstall = InferEntity<typeof TenantPluginInstallSchema>;
