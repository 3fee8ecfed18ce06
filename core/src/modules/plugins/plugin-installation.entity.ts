import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A tenant's settings for one plugin: enabled flag, plain config, encrypted secrets. */
export const PluginInstallationSchema = defineEntity({
  name: 'PluginInstallation',
  tableName: 'plugin_installation',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    pluginName: p.string(),
    enabled: p.boolean(),
    config: p.json<Record<string, unknown>>(),
    /** AES-256-GCM envelope of the secret fields, or null when none are set. */
    secrets: p.text().nullable(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['tenantId', 'pluginName'] }],
});

export type PluginInstallation = InferEntity<typeof PluginInstallationSchema>;
