import { join } from 'node:path';
import {
  type Capability,
  createEgressGuard,
  type ExtensionPoints,
  type JsonObject,
  type PluginContext,
  type PluginEgress,
  type PluginRoute,
  type TenantContext,
} from '@mirai/sdk-plugin';
import { Ajv } from 'ajv';
import type { FastifyBaseLogger } from 'fastify';
import { withTimeout } from '../async/with-timeout.ts';
import type { Orm } from '../db/orm.ts';
import { MiraiError } from '../errors/mirai-error.ts';
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
  /** Plugins whose failure to register or start stops the boot (the auth provider, MIRAI_PLUGINS_REQUIRED); others are disabled. */
  required?: readonly string[];
  /** The host-side time limit of one call to an extension point of `capability`; unlimited when absent. */
  callTimeoutMs?: (capability: Capability) => number;
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

interface HostedPlugin {
  loaded: LoadedPlugin;
  context: PluginContext;
  provided: Map<Capability, unknown[]>;
  routes: PluginRoute[];
  started: boolean;
}

/**
 * Runs the plugin lifecycle (register → start → stop) in dependency order with a time-out per
 * step, and holds what each plugin provided. Plugins only ever see their PluginContext.
 */
export class PluginHost {
  readonly events: PluginEventBus;
  readonly #plugins = new Map<string, HostedPlugin>();
  readonly #failures = new Map<string, PluginFailure>();
  readonly #options: PluginHostOptions;
  #tenantContexts: TenantContextResolver = async () => null;
  readonly #egress: PluginEgress;

  constructor(options: PluginHostOptions) {
    this.#options = options;
    this.#egress = options.egress ?? createEgressGuard();
    this.events = new PluginEventBus(options.logger);
  }

  #context(loaded: LoadedPlugin, hosted: Pick<HostedPlugin, 'provided' | 'routes'>): PluginContext {
    const { name } = loaded.definition;
    const log = this.#options.logger.child({ plugin: name });
    return {
      name,
      logger: {
        debug: (message, fields) => log.debug(fields ?? {}, message),
        info: (message, fields) => log.info(fields ?? {}, message),
        warn: (message, fields) => log.warn(fields ?? {}, message),
        error: (message, fields) => log.error(fields ?? {}, message),
      },
      state: createPluginStateStore(this.#options.orm, name),
      dataDir: join(this.#options.dataDir, name),
      egress: this.#egress,
      instanceConfig: this.#options.instanceSettings?.[name] ?? {},
      events: { on: (event, handler) => this.events.on(name, event, handler) },
      http: {
        route: (route) => hosted.routes.push(route),
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
        const guarded = limit === undefined ? implementation : guardImplementation(implementation, { plugin: name, capability, timeoutMs: limit });
        hosted.provided.set(capability, [...(hosted.provided.get(capability) ?? []), guarded]);
      },
      tenantContext: (tenantId) => this.#tenantContexts(name, tenantId),
      emit: (event, payload) => this.events.emit(event, payload),
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

  /** Operator settings must name installed plugins that declare them, and match their schema. */
  #checkInstanceSettings(plugins: LoadedPlugin[]): void {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    for (const [name, settings] of Object.entries(this.#options.instanceSettings ?? {})) {
      const schema = plugins.find((plugin) => plugin.definition.name === name)?.definition.instanceConfigSchema;
      if (schema === undefined)
        throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', `MIRAI_PLUGIN_SETTINGS_FILE has settings for "${name}", which takes no operator settings`, {
          extensions: { variable: 'MIRAI_PLUGIN_SETTINGS_FILE' },
        });
      const validate = ajv.compile(schema);
      if (!validate(settings))
        throw new MiraiError(
          'MIRAI_ERR_CONFIG_INVALID',
          `MIRAI_PLUGIN_SETTINGS_FILE: ${name} ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`,
          { extensions: { variable: 'MIRAI_PLUGIN_SETTINGS_FILE' } },
        );
    }
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
    this.#checkInstanceSettings(plugins);
    for (const loaded of plugins) {
      const hosted = { loaded, provided: new Map<Capability, unknown[]>(), routes: [] as PluginRoute[], started: false };
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
    for (const plugin of [...this.#plugins.values()].reverse()) {
      if (!plugin.started) continue;
      const { name, stop } = plugin.loaded.definition;
      plugin.started = false;
      if (stop === undefined) continue;
      try {
        await this.#step(name, 'stop', () => stop(), Math.max(1, deadline - Date.now()));
      } catch (error) {
        this.#options.logger.error({ err: error, plugin: name }, 'plugin failed to stop');
      }
    }
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
