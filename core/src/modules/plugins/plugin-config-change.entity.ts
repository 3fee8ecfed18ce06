import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const PLUGIN_CHANGE_ACTIONS = ['configure', 'install', 'upgrade', 'uninstall'] as const;
export type PluginChangeAction = (typeof PLUGIN_CHANGE_ACTIONS)[number];

/**
 * One change of a tenant's plugin settings: who, when, which plugin, which fields. Never values:
 * field names only, so the log can be shown to owners and kept without holding secrets.
 */
export const PluginConfigChangeSchema = defineEntity({
  name: 'PluginConfigChange',
  tableName: 'plugin_config_change',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    pluginName: p.string(),
    actorUserId: p.uuid(),
    /** The actor's e-mail when the change was made (users may later leave the organisation). */
    actorEmail: p.string(),
    /** Settings (not secrets) whose value changed, including endpoints. */
    changedFields: p.json<string[]>(),
    /** Secrets set or cleared in the request. */
    secretsChanged: p.json<string[]>(),
    /** Stored secrets cleared because an endpoint changed without them being entered again. */
    secretsCleared: p.json<string[]>(),
    /** The enabled flag after the change. */
    enabled: p.boolean(),
    /** configure: settings saved; install, upgrade, uninstall: the organisation's own package changed. */
    action: p.enum(PLUGIN_CHANGE_ACTIONS).default('configure'),
    /** For install and upgrade the version installed; for uninstall the version removed. */
    version: p.string().nullable(),
    at: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['tenantId', 'at'] }],
});

export type PluginConfigChange = InferEntity<typeof PluginConfigChangeSchema>;
