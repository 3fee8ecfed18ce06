import { join } from 'node:path';
import {
  type Capability,
  createEgressGuard,
  type ExtensionPoints,
  type JsonObject,
  type PluginContext,
  type PluginEgress,
  PluginError,
  type PluginRoute,
  type TenantContext,
} from '@mirai/sdk-plugin';
import type { FastifyBaseLogger } from 'fastify';
import { withTimeout } from '../async/with-timeout.ts';
import type { PluginEnvSettings } from '../config/plugin-env-settings.ts';
import type { Orm } from '../db/orm.ts';
import { MiraiError } from '../errors/mirai-error.ts';
import type { PluginCallObserver } from '../observability/plugin-call-observer.ts';
import { resolveInstanceSettings } from './instance-settings.ts';
import { guardImplementation } from './plugin-call-guard.ts';
import { PluginEventBus } from './plugin-event-bus.ts';
import type { LoadedPlugin } from './plugin-loader.ts';
import { createPluginStateStore } from './plugin-state-store.ts';

export interface PluginHostOptions {
  orm: Orm;
  logger: FastifyBaseLogger;
  publicUrl: string;
  /** Parent of each plugin's `context.dataDir`. */
  dataDir: string;
  /** How long register, start and stop may each take. */
  timeoutMs: number;
  /** The guard behind every plugin's `context.egress`; default: public https only. */
  egress?: PluginEgress;
  /** Operator settings per plugin (`context.instanceConfig`), checked against each `instanceConfigSchema` at boot. */
  instanceSettings?: Record<string, JsonObject>;
  /** Operator settings of first-party plugins from their documented environment variables; they win over `instanceSettings`. */
  instanceSettingsFromEnv?: PluginEnvSettings;
  /** Plugins whose failure to register or start stops the boot (the auth provider, MIRAI_PLUGINS_REQUIRED); others are disabled. */
  required?: readonly string[];
  /** The host-side time limit of one call to an extension point of `capability`; unlimited when absent. */
  callTimeoutMs?: (capability: Capability) => number;
  /** Latency, errors and spans of calls into plugins (of guarded calls: those with a time limit). */
  pluginCalls?: PluginCallObserver;
}

/** A plugin that failed to register or start, disabled for this process. */
export interface PluginFailure {
  plugin: LoadedPlugin;
  step: 'register' | 'start';
  code: 'MIRAI_ERR_PLUGIN_REGISTER_FAILED';
  /** Why, as the plugin's error (or the host's time-out) put it. */
  message: string;
}

/** Looks up a tenant's enabled configuration of a plugin; wired by the composition root once tenant plugin state exists. */
export type TenantContextResolver = (pluginName: string, tenantId: string) => Promise<TenantContext | null>;

/** The organisation a plugin was installed by, and its sandbox key (organisation × plugin × version). */
export interface TenantScope {
  tenantId: string;
  key: string;
}

/** Where a plugin one organisation installed keeps its state: never shared with another organisation or a server-wide plugin. */
export const tenantStateNamespace = (plugin: string, tenantId: string) => `${plugin}@${tenantId}`;

interface HostedPlugin {
  loaded: LoadedPlugin;
  scope?: TenantScope;
  context: PluginContext;
  provided: Map<Capability, unknown[]>;
  routes: PluginRoute[];
  /** Unsubscribes the plugin's event handlers (an organisation's plugin being replaced or removed). */
  listeners: Array<() => void>;
  started: boolean;
}

/**
 * Runs the plugin lifecycle (register → start → stop) in dependency order with a time-out per
 * step, and holds what each plugin provided. Plugins only ever see their PluginContext.
 */
export class PluginHost {
  readonly events: PluginEventBus;
  readonly #plugins = new Map<string, HostedPlugin>();
  /** Plugins organisations installed for themselves: tenant id → plugin name → hosted plugin. */
  readonly #tenantPlugins = new Map<string, Map<string, HostedPlugin>>();
  readonly #failures = new Map<string, PluginFailure>();
  readonly #options: PluginHostOptions;
  #tenantContexts: TenantContextResolver = async () => null;
  readonly #egress: PluginEgress;
  /** Resolved at boot: the settings file with the documented environment variables over it, validated. */
  #instanceSettings: Record<string, JsonObject> = {};

  constructor(options: PluginHostOptions) {
    this.#options = options;
    this.#egress = options.egress ?? createEgressGuard();
    this.events = new PluginEventBus(options.logger);
  }

  #context(loaded: LoadedPlugin, hosted: Pick<HostedPlugin, 'provided' | 'routes' | 'listeners'>, scope?: TenantScope): PluginContext {
    const { name } = loaded.definition;
    const log = this.#options.logger.child(scope === undefined ? { plugin: name } : { plugin: name, tenantId: scope.tenantId });
    return {
      name,
      logger: {
        debug: (message, fields) => log.debug(fields ?? {}, message),
        info: (message, fields) => log.info(fields ?? {}, message),
        warn: (message, fields) => log.warn(fields ?? {}, message),
        error: (message, fields) => log.error(fields ?? {}, message),
      },
      state: createPluginStateStore(this.#options.orm, scope === undefined ? name : tenantStateNamespace(name, scope.tenantId)),
      dataDir: scope === undefined ? join(this.#options.dataDir, name) : join(this.#options.dataDir, 'tenants', scope.tenantId, name),
      egress: this.#egress,
      instanceConfig: scope === undefined ? (this.#instanceSettings[name] ?? {}) : {},
      events: {
        on: (event, handler) => {
          const off = this.events.on(name, event, handler, scope?.tenantId);
          hosted.listeners.push(off);
          return off;
        },
      },
      http: {
        route: (route) => {
          // Plugin routes are addressed by plugin name alone; an organisation's plugin would answer for everyone.
          if (scope !== undefined)
            throw new MiraiError(
              'MIRAI_ERR_PLUGIN_INSTALL_FAILED',
              `Plugin "${name}" serves HTTP routes, which plugins an organisation installs may not`,
              {
                extensions: { plugin: name },
              },
            );
          hosted.routes.push(route);
        },
        baseUrl: `${this.#options.publicUrl}/v1/plugins/${name}/routes`,
      },
      provide: (capability, implementation) => {
        if (!loaded.definition.capabilities.includes(capability))
          throw new MiraiError(
            'MIRAI_ERR_PLUGIN_MANIFEST_INVALID',
            `Plugin "${name}" provides "${capability}" without declaring it in capabilities`,
            {
              extensions: { plugin: name },
            },
          );
        const limit = this.#options.callTimeoutMs?.(capability);
        const calls = this.#options.pluginCalls;
        // An organisation's own plugin always runs in the sandbox; an operator's runs there unless trusted.
        const trust = scope !== undefined || loaded.sandboxed === true ? 'sandboxed' : 'trusted';
        const observer = calls === undefined ? undefined : ({ calls, trust } as const);
        const guarded =
          limit === undefined ? implementation : guardImplementation(implementation, { plugin: name, capability, timeoutMs: limit, observer });
        hosted.provided.set(capability, [...(hosted.provided.get(capability) ?? []), guarded]);
      },
      tenantContext: (tenantId) =>
        scope === undefined || tenantId === scope.tenantId ? this.#tenantContexts(name, tenantId) : Promise.resolve(null),
      emit: (event, payload) => {
        if (scope !== undefined && (payload as { tenantId?: unknown }).tenantId !== scope.tenantId)
          throw new PluginError('MIRAI_ERR_PLUGIN_FORBIDDEN', `Plugin "${name}" may emit events of its own organisation only`);
        return this.events.emit(event, payload);
      },
    };
  }

  /** Until set, `context.tenantContext` finds no tenant. */
  resolveTenantContextsWith(resolver: TenantContextResolver): void {
    this.#tenantContexts = resolver;
  }

  async #step(
    name: string,
    step: 'register' | 'start' | 'stop',
    work: () => void | Promise<void>,
    timeoutMs = this.#options.timeoutMs,
  ): Promise<void> {
    await withTimeout(
      Promise.resolve().then(work),
      timeoutMs,
      () =>
        new MiraiError('MIRAI_ERR_PLUGIN_REGISTER_TIMEOUT', `Plugin "${name}" did not finish ${step} within ${timeoutMs} ms`, {
          extensions: { plugin: name, step },
        }),
    );
  }

  /**
   * Runs one lifecycle step; a failure disables the plugin (and whatever depends on it) with a
   * coded, logged reason, unless the operator marked the plugin required: then the boot stops.
   */
  async #guardedStep(plugin: HostedPlugin, step: 'register' | 'start', work: () => void | Promise<void>): Promise<boolean> {
    const { name } = plugin.loaded.definition;
    try {
      await this.#step(name, step, work);
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const failed = new MiraiError('MIRAI_ERR_PLUGIN_REGISTER_FAILED', `Plugin "${name}" failed to ${step}: ${reason}`, {
        cause: error,
        extensions: { plugin: name, step },
      });
      if (this.#options.required?.includes(name) === true) throw failed;
      this.#disable(name, { plugin: plugin.loaded, step, code: 'MIRAI_ERR_PLUGIN_REGISTER_FAILED', message: failed.message });
      this.#options.logger.error({ err: error, plugin: name, step, code: failed.code }, failed.message);
      return false;
    }
  }

  #disable(name: string, failure: PluginFailure): void {
    this.#plugins.delete(name);
    this.#failures.set(name, failure);
    this.events.forget(name);
  }

  /** Registers then starts every plugin; `plugins` must already be in dependency order. */
  async boot(plugins: LoadedPlugin[]): Promise<void> {
    this.#instanceSettings = resolveInstanceSettings(plugins, this.#options.instanceSettings, this.#options.instanceSettingsFromEnv);
    for (const loaded of plugins) {
      const hosted = {
        loaded,
        provided: new Map<Capability, unknown[]>(),
        routes: [] as PluginRoute[],
        listeners: [] as Array<() => void>,
        started: false,
      };
      const plugin: HostedPlugin = { ...hosted, context: this.#context(loaded, hosted) };
      const { name, dependencies = [] } = loaded.definition;
      this.#plugins.set(name, plugin);
      const failedDependency = dependencies.find((dependency) => this.#failures.has(dependency));
      await this.#guardedStep(plugin, 'register', () => {
        if (failedDependency !== undefined) throw new Error(`it depends on "${failedDependency}", which failed`);
        return loaded.definition.register(plugin.context);
      });
    }
    for (const plugin of [...this.#plugins.values()]) {
      const { start, name, dependencies = [] } = plugin.loaded.definition;
      const failedDependency = dependencies.find((dependency) => this.#failures.has(dependency));
      const started = await this.#guardedStep(plugin, 'start', () => {
        if (failedDependency !== undefined) throw new Error(`it depends on "${failedDependency}", which failed`);
        return start?.(plugin.context);
      });
      if (started && this.#plugins.has(name)) plugin.started = true;
    }
  }

  /**
   * Stops started plugins in reverse order within `budgetMs` in all (shutdown must end whatever
   * plugins do); a failing or hung stop is logged and abandoned, and the rest still stop.
   */
  async stop(budgetMs = 5_000): Promise<void> {
    const deadline = Date.now() + budgetMs;
    // Organisations' own plugins first: they may use the server's, never the other way round.
    const tenants = [...this.#tenantPlugins.values()].flatMap((plugins) => [...plugins.values()]);
    for (const plugin of [...tenants, ...[...this.#plugins.values()].reverse()]) await this.#stopOne(plugin, deadline - Date.now(), false);
  }

  /**
   * Registers and starts a plugin for one organisation only (its own install), replacing the
   * version hosted for it before, which is then stopped. A failure leaves the previous one hosted.
   */
  async bootForTenant(scope: TenantScope, loaded: LoadedPlugin): Promise<void> {
    const { name } = loaded.definition;
    const hosted = {
      loaded,
      scope,
      provided: new Map<Capability, unknown[]>(),
      routes: [] as PluginRoute[],
      listeners: [] as Array<() => void>,
      started: false,
    };
    const plugin: HostedPlugin = { ...hosted, context: this.#context(loaded, hosted, scope) };
    try {
      await this.#step(name, 'register', () => loaded.definition.register(plugin.context));
      await this.#step(name, 'start', () => loaded.definition.start?.(plugin.context));
    } catch (error) {
      for (const off of plugin.listeners) off();
      throw new MiraiError(
        'MIRAI_ERR_PLUGIN_INSTALL_FAILED',
        `Plugin "${name}" failed to start: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
          extensions: { plugin: name },
        },
      );
    }
    plugin.started = true;
    const plugins = this.#tenantPlugins.get(scope.tenantId) ?? new Map<string, HostedPlugin>();
    const previous = plugins.get(name);
    plugins.set(name, plugin);
    this.#tenantPlugins.set(scope.tenantId, plugins);
    if (previous !== undefined) await this.#stopOne(previous, this.#options.timeoutMs, true);
  }

  /** Stops an organisation's own plugin and forgets it; answers its sandbox key (undefined when none was hosted). */
  async stopForTenant(tenantId: string, name: string): Promise<string | undefined> {
    const plugin = this.#tenantPlugins.get(tenantId)?.get(name);
    if (plugin === undefined) return undefined;
    this.#tenantPlugins.get(tenantId)?.delete(name);
    await this.#stopOne(plugin, this.#options.timeoutMs, true);
    return plugin.scope?.key;
  }

  async #stopOne(plugin: HostedPlugin, budgetMs: number, forgetHandlers: boolean): Promise<void> {
    const { name, stop } = plugin.loaded.definition;
    if (forgetHandlers) for (const off of plugin.listeners) off();
    if (!plugin.started) return;
    plugin.started = false;
    if (stop === undefined) return;
    try {
      await this.#step(name, 'stop', () => stop(), Math.max(1, budgetMs));
    } catch (error) {
      this.#options.logger.error({ err: error, plugin: name, tenantId: plugin.scope?.tenantId }, 'plugin failed to stop');
    }
  }

  /** The plugins `tenantId` installed for itself and this process hosts, with their sandbox keys. */
  tenantPlugins(tenantId: string): Array<{ loaded: LoadedPlugin; key: string }> {
    return [...(this.#tenantPlugins.get(tenantId)?.values() ?? [])].flatMap((plugin) =>
      plugin.scope === undefined ? [] : [{ loaded: plugin.loaded, key: plugin.scope.key }],
    );
  }

  /** A plugin as `tenantId` sees it: the server's, or the organisation's own install. */
  getFor(tenantId: string, name: string): LoadedPlugin | undefined {
    return this.get(name) ?? this.#tenantPlugins.get(tenantId)?.get(name)?.loaded;
  }

  /** What a plugin provided as `tenantId` sees it: server-wide plugins first, else the organisation's own install. */
  implementationsFor<K extends Capability>(tenantId: string, name: string, capability: K): ExtensionPoints[K][] {
    const plugin = this.#plugins.get(name) ?? this.#tenantPlugins.get(tenantId)?.get(name);
    return (plugin?.provided.get(capability) ?? []) as ExtensionPoints[K][];
  }

  /** Plugins disabled because they failed to register or start. */
  failures(): PluginFailure[] {
    return [...this.#failures.values()];
  }

  list(): LoadedPlugin[] {
    return [...this.#plugins.values()].map((plugin) => plugin.loaded);
  }

  get(name: string): LoadedPlugin | undefined {
    return this.#plugins.get(name)?.loaded;
  }

  routes(name: string): PluginRoute[] {
    return this.#plugins.get(name)?.routes ?? [];
  }

  /** What `plugin` provided for `capability`, in registration order. */
  implementations<K extends Capability>(name: string, capability: K): ExtensionPoints[K][] {
    return (this.#plugins.get(name)?.provided.get(capability) ?? []) as ExtensionPoints[K][];
  }

  /** The single implementation a plugin provided, or a coded error naming the gap. */
  implementation<K extends Capability>(name: string, capability: K): ExtensionPoints[K] {
    const [first] = this.implementations(name, capability);
    if (first === undefined)
      throw new MiraiError('MIRAI_ERR_PLUGIN_CAPABILITY_UNAVAILABLE', `Plugin "${name}" provides no "${capability}"`, {
        extensions: { plugin: name, capability },
      });
    return first;
  }
}
