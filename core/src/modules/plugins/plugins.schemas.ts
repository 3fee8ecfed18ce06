import { Type } from 'typebox';

export const PluginView = Type.Object({
  name: Type.String(),
  version: Type.String(),
  capabilities: Type.Array(Type.String()),
  source: Type.Union([Type.Literal('first-party'), Type.Literal('directory'), Type.Literal('npm')]),
  scope: Type.Union([Type.Literal('instance'), Type.Literal('tenant')], {
    description: 'instance: configured by the operator for every organisation (e.g. the identity provider)',
  }),
  origin: Type.Union([Type.Literal('server'), Type.Literal('organisation')], {
    description: 'organisation: installed by this organisation from the plugin catalogue, for itself only (runs sandboxed)',
  }),
  enabled: Type.Boolean(),
  config: Type.Record(Type.String(), Type.Unknown(), { description: 'Configuration without secrets' }),
  secretsSet: Type.Array(Type.String(), { description: 'Names of secret fields that have a value' }),
  configSchema: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: 'JSON Schema; writeOnly properties are secrets',
  }),
  status: Type.Union([Type.Literal('active'), Type.Literal('failed')], {
    description: 'failed: the plugin threw or hung while registering or starting and is disabled on this server',
  }),
  failure: Type.Union([
    Type.Object({ code: Type.String(), step: Type.Union([Type.Literal('register'), Type.Literal('start')]), message: Type.String() }),
    Type.Null(),
  ]),
  keyCheck: Type.Optional(
    Type.Object(
      { ok: Type.Boolean(), message: Type.String() },
      {
        description:
          'Only after a save that changed a key or endpoint: one cheap test call with the new settings. The settings are saved either way; ok false says why the call failed.',
      },
    ),
  ),
});

export const PluginParams = Type.Object({ name: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 }) });

export const ConfigurePluginBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    config: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'Full configuration; an omitted secret keeps its stored value, null clears it' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PluginChange = Type.Object({
  id: Type.String({ format: 'uuid' }),
  plugin: Type.String(),
  actor: Type.Object({ userId: Type.String({ format: 'uuid' }), email: Type.String() }),
  at: Type.String({ format: 'date-time' }),
  action: Type.Union([Type.Literal('configure'), Type.Literal('install'), Type.Literal('upgrade'), Type.Literal('uninstall')], {
    description: "configure: settings saved; install, upgrade, uninstall: the organisation's own plugin package changed",
  }),
  version: Type.Union([Type.String(), Type.Null()], { description: 'The version installed (install, upgrade) or removed (uninstall)' }),
  changedFields: Type.Array(Type.String(), { description: 'Settings whose value changed (names only, never values)' }),
  secretsChanged: Type.Array(Type.String(), { description: 'Secrets set or cleared by the change (names only)' }),
  secretsCleared: Type.Array(Type.String(), { description: 'Stored secrets cleared because an endpoint changed' }),
  enabled: Type.Boolean({ description: 'Whether the plugin was enabled after the change' }),
});

export const PluginChangesQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);
export const CompatibilityView = Type.Object({
  apiVersion: Type.String(),
  engines: Type.Array(Type.Object({ plugin: Type.String(), version: Type.String(), engine: Type.String(), compatible: Type.Boolean() })),
  configs: Type.Array(
    Type.Object({
      plugin: Type.String(),
      version: Type.String(),
      tenantId: Type.String(),
      fields: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
    }),
  ),
  ok: Type.Boolean(),
});
