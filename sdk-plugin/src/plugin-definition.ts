import type { MiraiEventName, MiraiEvents, PluginEvents } from './events.ts';
import type { Capability, ExtensionPoints } from './extension-points/index.ts';
import type { PluginHttp } from './http.ts';
import type { JsonSchema, JsonValue } from './json-schema.ts';

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

export interface PluginContext {
  readonly name: string;
  readonly logger: PluginLogger;
  readonly state: PluginStateStore;
  readonly events: PluginEvents;
  readonly http: PluginHttp;
  /** A directory on this machine private to the plugin (under the server's data directory), for files it keeps locally. */
  readonly dataDir: string;
  /** Registers an implementation of an extension point. May be called several times for `exporter`. */
  provide<K extends Capability>(capability: K, implementation: ExtensionPoints[K]): void;
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
  /** Per-tenant configuration; properties with `writeOnly: true` are secrets. */
  configSchema?: JsonSchema;
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
