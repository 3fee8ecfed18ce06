import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** Backs PluginStateStore: one JSON value per (plugin, key). */
export const PluginStateSchema = defineEntity({
  name: 'PluginState',
  tableName: 'plugin_state',
  properties: {
    pluginName: p.string().primary(),
    key: p.string().primary(),
    value: p.json<unknown>(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  primaryKeys: ['pluginName', 'key'],
});

export type PluginState = InferEntity<typeof PluginStateSchema>;
