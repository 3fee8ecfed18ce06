import type { PluginEgress } from './egress/egress-guard.ts';
import type { MiraiEventName, MiraiEvents, PluginEvents } from './events.ts';
import type { Capability, ExtensionPoints } from './extension-points/index.ts';
import type { TenantContext } from './extension-points/tenant-context.ts';
import type { PluginHttp } from './http.ts';
import type { JsonObject, JsonSchema, JsonValue } from './json-schema.ts';

export interface PluginLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Durable key/value state private to one plugin (e.g. auth-local's password hashes).
 * Keys are namespaced by plugin name by the host; values are JSON.
 */
export interface PluginStateStore {
  get(key: string): Promise<JsonValue | null>;
  /** Fails with MIRAI_ERR_PLUGIN_CONFLICT when `ifAbsent` is set and the key exists. */
  set(key: string, value: JsonValue, options?: { ifAbsent?: boolean }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The state a host gives a plugin (`context.state`): the key/value operations, and transactions over them. */
export interface TransactionalStateStore extends PluginStateStore {
  /**
   * Runs `work` in one database transaction: every write through `tx` commits together, or none
   * does when `work` throws (rethrown). Concurrent writers of the same key wait for each other, so
   * `set(key, …, { ifAbsent: true })` inside a transaction is a once-only claim (e.g. a webhook
   * event id stored with its effect). Keep network calls outside: the transaction holds a connection.
   */
  transaction<T>(work: (tx: PluginStateStore) => Promise<T>): Promise<T>;
}

export interface PluginContext {
  readonly name: string;
  readonly logger: PluginLogger;
  readonly state: TransactionalStateStore;
  readonly events: PluginEvents;
  readonly http: PluginHttp;
  /**
   * Outbound HTTP for destinations a tenant can configure (an API base URL, an S3 endpoint): public
   * https only, checked after DNS resolution, unless the operator allows more (MIRAI_EGRESS_ALLOW).
   * Use it for every such request; the secrets a tenant stored travel with them.
   */
  readonly egress: PluginEgress;
  /** The operator's settings for this plugin (`instanceConfigSchema`), read once at start; `{}` when none. */
  readonly instanceConfig: JsonObject;
  /** A directory on this machine private to the plugin (under the server's data directory), for files it keeps locally. */
  readonly dataDir: string;
  /** Registers an implementation of an extension point. May be called several times for `exporter`. */
  provide<K extends Capability>(capability: K, implementation: ExtensionPoints[K]): void;
  /**
   * A tenant's configuration of this plugin (secrets decrypted), or null when the tenant does not
   * exist or has not enabled the plugin. For routes that learn the tenant from the URL, e.g. a
   * webhook endpoint per tenant whose signing secret is tenant configuration.
   */
  tenantContext(tenantId: string): Promise<TenantContext | null>;
  /** Publishes an event to other plugins and the host. */
  emit<E extends MiraiEventName>(event: E, payload: MiraiEvents[E]): Promise<void>;
}

export interface PluginDefinition {
  /** npm-style name without scope, e.g. `auth-local`, `ai-gemini`, `acme-quizzes`. */
  name: string;
  version: string;
  /** Semver range of the plugin API this plugin was written against, e.g. `^1.0.0`. */
  engine: string;
  capabilities: Capability[];
  /** Names of plugins that must register before this one. */
  dependencies?: string[];
  /**
   * Per-tenant configuration; properties with `writeOnly: true` are secrets, properties with
   * `format: 'uri'` (or `x-mirai-endpoint: true`) are endpoints: changing one clears the stored secrets.
   */
  configSchema?: JsonSchema;
  /**
   * Settings the operator gives for the whole server (prices, plans, keys the operator owns and no
   * organisation may change), from MIRAI_PLUGIN_SETTINGS_FILE (and, for first-party plugins, their
   * documented environment variables, which the host maps onto these fields); validated at start
   * against this schema. A plugin named in the settings file is instance-scoped: enabled for every
   * organisation, not configurable by them. Read them from `context.instanceConfig`, never `process.env`.
   */
  instanceConfigSchema?: JsonSchema;
  /** Wire up extension points. Must not do I/O that can hang; the host times it out. */
  register(context: PluginContext): void | Promise<void>;
  /** Called after every plugin registered, in dependency order. */
  start?(context: PluginContext): void | Promise<void>;
  /** Called on shutdown in reverse dependency order. */
  stop?(): void | Promise<void>;
}

/** Identity function that gives a plugin author type checking and editor help. */
export function definePlugin<const D extends PluginDefinition>(definition: D): D {
  return definition;
}
