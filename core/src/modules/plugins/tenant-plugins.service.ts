import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Capability, type ExtensionPoints, endpointFields, type JsonObject, secretFields, type TenantContext } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { UUID_REGEX } from '../../http/common.schemas.ts';
import { type CompatibilityReport, compatibilityReport, type StoredConfig } from '../../plugin-host/compatibility-report.ts';
import { assertMatchesSchema } from '../../plugin-host/json-schema-validation.ts';
import type { PluginHost } from '../../plugin-host/plugin-host.ts';
import type { LoadedPlugin } from '../../plugin-host/plugin-loader.ts';
import type { SecretBox } from '../../plugin-host/secret-box.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { identityRecords } from '../identity/identity-records.ts';
import { type PluginChangeAction, PluginConfigChangeSchema } from './plugin-config-change.entity.ts';
import { type PluginInstallation, PluginInstallationSchema } from './plugin-installation.entity.ts';
import { type SettingsChange, settingsChange } from './settings-change.ts';
import type { TenantPluginRuntime } from './tenant-plugin-runtime.ts';

export interface TenantPluginView {
  name: string;
  version: string;
  capabilities: string[];
  source: LoadedPlugin['source'];
  scope: 'instance' | 'tenant';
  /** server: the operator installed it for everyone; organisation: this organisation installed it for itself (sandboxed). */
  origin: 'server' | 'organisation';
  enabled: boolean;
  config: Record<string, unknown>;
  secretsSet: string[];
  configSchema: Record<string, unknown> | null;
  /** failed: it threw or hung in register/start and is disabled on this server (see `failure`). */
  status: 'active' | 'failed';
  failure: { code: string; step: 'register' | 'start'; message: string } | null;
  /** Only in the answer to a save that changed a key or endpoint of a provider that can test them. */
  keyCheck?: KeyCheckView;
}

/** What testing a saved key (or endpoint) showed: one cheap call through the provider, after the save. */
export interface KeyCheckView {
  ok: boolean;
  message: string;
}

/** How long the one test call of a saved key may take before it is reported as not answering. */
const KEY_CHECK_TIMEOUT_MS = 15_000;

export interface PluginChangeView {
  id: string;
  plugin: string;
  actor: { userId: string; email: string };
  at: string;
  action: PluginChangeAction;
  version: string | null;
  changedFields: string[];
  secretsChanged: string[];
  secretsCleared: string[];
  enabled: boolean;
}

export interface ConfigureInput {
  enabled?: boolean | undefined;
  config?: Record<string, unknown> | undefined;
}

/** A stored row's secrets, decrypted (sealed per tenant and plugin). */
export function openSecrets(box: SecretBox, row: PluginInstallation): Record<string, unknown> {
  const sealed = row.secrets;
  if (sealed === null || sealed === undefined) return {};
  return JSON.parse(box.open(sealed, `${row.tenantId}:${row.pluginName}`)) as Record<string, unknown>;
}

/** Every enabled organisation's stored configuration (secrets decrypted), of one organisation or of all. */
export async function storedConfigs(em: EntityManager, box: SecretBox, tenantId?: string): Promise<StoredConfig[]> {
  const rows = await em.find(PluginInstallationSchema, tenantId === undefined ? { enabled: true } : { enabled: true, tenantId }, {
    filters: { tenant: false },
  });
  return rows.map((row) => ({ tenantId: row.tenantId, plugin: row.pluginName, config: { ...row.config, ...openSecrets(box, row) } }));
}

/** Which plugins a tenant enabled and how it configured them; secrets sealed per tenant and plugin. */
export class TenantPluginsService {
  readonly #host: PluginHost;
  readonly #box: SecretBox;
  readonly #instanceScoped: ReadonlySet<string>;
  readonly #enabledByDefault: ReadonlySet<string>;
  readonly #runtime: TenantPluginRuntime | undefined;

  constructor(options: { host: PluginHost; box: SecretBox; instanceScoped: string[]; enabledByDefault?: string[]; runtime?: TenantPluginRuntime }) {
    this.#host = options.host;
    this.#runtime = options.runtime;
    this.#box = options.box;
    this.#instanceScoped = new Set(options.instanceScoped);
    this.#enabledByDefault = new Set(options.enabledByDefault ?? []);
  }

  /** Makes this process host what the organisation installed for itself (another replica may have changed it). */
  async #sync(em: EntityManager, tenantId: string): Promise<void> {
    await this.#runtime?.sync(em, tenantId);
  }

  #plugin(tenantId: string, name: string): LoadedPlugin {
    const plugin = this.#host.getFor(tenantId, name);
    if (plugin === undefined) throw new MiraiError('MIRAI_ERR_PLUGIN_NOT_FOUND', `No plugin named "${name}" is installed on this server`);
    return plugin;
  }

  #secrets(row: PluginInstallation): Record<string, unknown> {
    return openSecrets(this.#box, row);
  }

  #view(plugin: LoadedPlugin, row: PluginInstallation | undefined, origin: TenantPluginView['origin'] = 'server'): TenantPluginView {
    const { definition } = plugin;
    const instance = this.#instanceScoped.has(definition.name);
    return {
      name: definition.name,
      version: definition.version,
      capabilities: [...definition.capabilities],
      source: plugin.source,
      scope: instance ? 'instance' : 'tenant',
      origin,
      enabled: instance || (row?.enabled ?? this.#enabledByDefault.has(definition.name)),
      config: row?.config ?? {},
      secretsSet: row === undefined ? [] : Object.keys(this.#secrets(row)),
      configSchema: (definition.configSchema as Record<string, unknown> | undefined) ?? null,
      status: 'active',
      failure: null,
    };
  }

  async list(em: EntityManager, tenantId: string): Promise<TenantPluginView[]> {
    await this.#sync(em, tenantId);
    const own = this.#host.tenantPlugins(tenantId).map(({ loaded }) => loaded);
    const rows = new Map((await em.find(PluginInstallationSchema, {})).map((row) => [row.pluginName, row]));
    const failed = this.#host.failures().map(({ plugin, code, step, message }) => ({
      ...this.#view(plugin, undefined),
      enabled: false,
      status: 'failed' as const,
      failure: { code, step, message },
    }));
    return [
      ...this.#host.list().map((plugin) => this.#view(plugin, rows.get(plugin.definition.name))),
      ...own.map((plugin) => this.#view(plugin, rows.get(plugin.definition.name), 'organisation')),
      ...failed,
    ];
  }

  /**
   * Saves a tenant's settings of a plugin. Secrets are bound to the endpoints they were entered for:
   * a changed endpoint clears the stored secrets the request does not enter again, and only owners
   * may change endpoints or secrets. Every change is recorded (field names, never values).
   */
  async configure(em: EntityManager, actor: AuthContext, name: string, input: ConfigureInput): Promise<TenantPluginView> {
    const { tenantId } = actor;
    await this.#sync(em, tenantId);
    const plugin = this.#plugin(tenantId, name);
    if (this.#instanceScoped.has(name))
      throw new MiraiError('MIRAI_ERR_PLUGIN_INSTANCE_SCOPED', `"${name}" is configured by the server operator, not per organisation`);
    const schema = plugin.definition.configSchema ?? { type: 'object', additionalProperties: false };
    const row = await em.findOne(PluginInstallationSchema, { pluginName: name });
    const change: SettingsChange = settingsChange({
      secretNames: new Set(secretFields(schema)),
      endpointNames: new Set(endpointFields(schema)),
      storedConfig: row?.config ?? {},
      storedSecrets: row === null ? {} : this.#secrets(row),
      input: input.config,
    });
    const { plain, secrets } = change;
    if (actor.role !== 'owner' && (change.changedEndpoints.length > 0 || change.secretsChanged.length > 0))
      throw new MiraiError(
        'MIRAI_ERR_PLUGIN_OWNER_ONLY',
        `Only an owner may change the endpoints or secrets of "${name}" (${[...change.changedEndpoints, ...change.secretsChanged].join(', ')})`,
      );
    const enabled = input.enabled ?? row?.enabled ?? this.#enabledByDefault.has(name);
    if (enabled) assertMatchesSchema(schema, { ...plain, ...secrets }, '/body/config', 'MIRAI_ERR_PLUGIN_CONFIG_INVALID');
    const sealed = Object.keys(secrets).length === 0 ? null : this.#box.seal(JSON.stringify(secrets), `${tenantId}:${name}`);
    const saved =
      row === null
        ? em.create(PluginInstallationSchema, { id: randomUUID(), tenantId, pluginName: name, enabled, config: plain, secrets: sealed })
        : em.assign(row, { enabled, config: plain, secrets: sealed });
    if (change.changedFields.length > 0 || change.secretsChanged.length > 0 || row === null || row.enabled !== enabled)
      em.create(PluginConfigChangeSchema, {
        id: randomUUID(),
        tenantId,
        pluginName: name,
        actorUserId: actor.userId,
        actorEmail: actor.email,
        changedFields: change.changedFields,
        secretsChanged: change.secretsChanged,
        secretsCleared: change.secretsCleared,
        enabled,
      });
    // One flush: the settings and their audit entry are written in one transaction.
    await em.flush();
    const view = this.#view(plugin, saved, this.#host.get(name) === undefined ? 'organisation' : 'server');
    // A new key or endpoint is tried once, after the save: a failing check is reported, never a reason to refuse the save.
    if (!enabled || (change.secretsChanged.length === 0 && change.changedEndpoints.length === 0)) return view;
    const keyCheck = await this.#checkKey(name, { tenantId, config: { ...plain, ...secrets } as JsonObject });
    return keyCheck === null ? view : { ...view, keyCheck };
  }

  async #checkKey(name: string, tenant: TenantContext): Promise<KeyCheckView | null> {
    const checks = this.#host.implementationsFor(tenant.tenantId, name, 'ai').flatMap((ai) => (ai.checkKey === undefined ? [] : [ai]));
    const [ai] = checks;
    if (ai?.checkKey === undefined) return null;
    try {
      const { ok, message } = await ai.checkKey({ ...tenant, signal: AbortSignal.timeout(KEY_CHECK_TIMEOUT_MS) });
      return { ok, message };
    } catch (error) {
      return { ok: false, message: `The test call did not complete: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** The tenant's audit log of plugin settings changes, newest first. */
  async changes(em: EntityManager, limit: number): Promise<PluginChangeView[]> {
    const rows = await em.find(PluginConfigChangeSchema, {}, { orderBy: { at: 'desc', id: 'desc' }, limit });
    return rows.map((row) => ({
      id: row.id,
      plugin: row.pluginName,
      actor: { userId: row.actorUserId, email: row.actorEmail },
      at: row.at.toISOString(),
      action: row.action,
      version: row.version ?? null,
      changedFields: row.changedFields,
      secretsChanged: row.secretsChanged,
      secretsCleared: row.secretsCleared,
      enabled: row.enabled,
    }));
  }

  /**
   * Enabled providers of a capability for the tenant, each with its decrypted tenant context:
   * explicitly enabled ones, most recently configured first, then the operator's defaults
   * (MIRAI_DEFAULT_TENANT_PLUGINS) the tenant has not configured.
   */
  async enabled<K extends Capability>(
    em: EntityManager,
    tenantId: string,
    capability: K,
  ): Promise<Array<{ plugin: string; implementation: ExtensionPoints[K]; tenant: TenantContext }>> {
    await this.#sync(em, tenantId);
    const rows = (await em.find(PluginInstallationSchema, {}, { orderBy: { updatedAt: 'desc' } })).filter(
      (row) => !this.#instanceScoped.has(row.pluginName),
    );
    const configured = new Set(rows.map((row) => row.pluginName));
    const sources = [
      // Operator-configured plugins first and for everyone: an organisation cannot opt out of them.
      ...[...this.#instanceScoped].map((name) => ({ name, config: {} })),
      ...rows.filter((row) => row.enabled).map((row) => ({ name: row.pluginName, config: { ...row.config, ...this.#secrets(row) } })),
      ...[...this.#enabledByDefault].filter((name) => !configured.has(name)).map((name) => ({ name, config: {} })),
    ];
    return sources.flatMap((source) =>
      this.#host.implementationsFor(tenantId, source.name, capability).map((implementation) => ({
        plugin: source.name,
        implementation,
        tenant: { tenantId, config: source.config as JsonObject },
      })),
    );
  }

  /** Whether the organisation enabled the plugin (explicitly or by default), or the operator did for every organisation. */
  /** What moving to plugin API `apiVersion` would break: installed plugins' engine ranges, and this organisation's stored configs. */
  async compatibility(em: EntityManager, tenantId: string, apiVersion: string): Promise<CompatibilityReport> {
    await this.#sync(em, tenantId);
    const own = this.#host.tenantPlugins(tenantId).map(({ loaded }) => loaded);
    const installed = [...this.#host.list(), ...own].map(({ definition }) => definition);
    return compatibilityReport({ installed, apiVersion, stored: await storedConfigs(em, this.#box, tenantId) });
  }

  async isEnabledFor(em: EntityManager, tenantId: string, name: string): Promise<boolean> {
    if (this.#instanceScoped.has(name)) return true;
    return (await this.contextFor(em, tenantId, name)) !== null;
  }

  /** One plugin's tenant context when the tenant enabled it (explicitly or by default), else null. */
  async contextFor(em: EntityManager, tenantId: string, name: string): Promise<TenantContext | null> {
    // The id comes from a URL (a webhook address): anything but a UUID names no tenant.
    if (!UUID_REGEX.test(tenantId)) return null;
    if (this.#instanceScoped.has(name)) {
      const exists = await identityRecords.tenantExists(em, tenantId);
      return !exists || this.#host.get(name) === undefined ? null : { tenantId, config: {} };
    }
    const row = await em.findOne(PluginInstallationSchema, { pluginName: name, tenantId }, { filters: { tenant: false } });
    const enabled = row?.enabled ?? this.#enabledByDefault.has(name);
    if (!enabled || this.#host.getFor(tenantId, name) === undefined) return null;
    const config = row === null ? {} : { ...row.config, ...this.#secrets(row) };
    return { tenantId, config: config as JsonObject };
  }
}
