import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEgressGuard } from '../egress/egress-guard.ts';
import { isEngineCompatible } from '../engine-compatibility.ts';
import { PluginError } from '../errors.ts';
import type { EventHandler, MiraiEventName, MiraiEvents } from '../events.ts';
import type { Capability, ExtensionPoints } from '../extension-points/index.ts';
import type { TenantContext } from '../extension-points/tenant-context.ts';
import { matchRoutePath, type PluginHttpResponse, type PluginRoute } from '../http.ts';
import type { JsonObject, JsonValue } from '../json-schema.ts';
import { validatePluginDefinition } from '../manifest-validation.ts';
import type { PluginContext, PluginDefinition, PluginLogger, PluginStateStore } from '../plugin-definition.ts';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export interface TestRequest {
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface TestPlugin {
  readonly definition: PluginDefinition;
  readonly logs: LogEntry[];
  /** The plugin's durable state, inspectable by tests. */
  readonly state: Map<string, JsonValue>;
  /** Tenants `tenant()` created, so `context.tenantContext` finds them (as the host finds enabled tenants). */
  readonly tenants: Map<string, TenantContext>;
  /** The single implementation of a capability; throws if the plugin provided none or several. */
  extension<K extends Capability>(capability: K): ExtensionPoints[K];
  extensions<K extends Capability>(capability: K): ExtensionPoints[K][];
  tenant<C extends JsonObject>(config: C, tenantId?: string): TenantContext<C>;
  request(method: PluginRoute['method'], path: string, request?: TestRequest): Promise<PluginHttpResponse>;
  emit<E extends MiraiEventName>(event: E, payload: MiraiEvents[E]): Promise<void>;
  stop(): Promise<void>;
}

export interface TestHostOptions {
  /** The plugin's `context.dataDir`; a fresh temporary directory by default. */
  dataDir?: string;
  /** Plugin-API version the test host pretends to be; defaults to this SDK's. */
  apiVersion?: string;
  baseUrl?: string;
  /**
   * What `context.egress` may reach besides public https, as the operator's MIRAI_EGRESS_ALLOW would
   * (e.g. `127.0.0.1` for a fake upstream in a test). Nothing by default, like a real host.
   */
  egressAllow?: string | string[];
  /** The operator's settings (`context.instanceConfig`), as MIRAI_PLUGIN_SETTINGS_FILE would give them. */
  instanceConfig?: JsonObject;
}

/**
 * An in-memory host with the same manifest and engine checks and lifecycle as the real one,
 * so a plugin author can test a plugin without Mirai's core.
 */
export async function createTestHost(definition: PluginDefinition, options: TestHostOptions = {}): Promise<TestPlugin> {
  const problems = validatePluginDefinition(definition);
  if (problems.length > 0) throw new Error(`Invalid plugin definition: ${problems.join('; ')}`);
  if (!isEngineCompatible(definition.engine, options.apiVersion))
    throw new Error(`Plugin ${definition.name} requires plugin API ${definition.engine}`);

  const logs: LogEntry[] = [];
  const state = new Map<string, JsonValue>();
  const provided = new Map<Capability, unknown[]>();
  const routes: PluginRoute[] = [];
  const handlers = new Map<MiraiEventName, Set<(payload: never) => void | Promise<void>>>();
  const log = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
    logs.push(fields === undefined ? { level, message } : { level, message, fields });
  };
  const logger: PluginLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };

  const emit = async <E extends MiraiEventName>(event: E, payload: MiraiEvents[E]): Promise<void> => {
    for (const handler of handlers.get(event) ?? []) await (handler as EventHandler<E>)(payload);
  };

  const tenants = new Map<string, TenantContext>();
  const operations = (target: Map<string, JsonValue>): PluginStateStore => ({
    get: async (key) => structuredClone(target.get(key)) ?? null,
    set: async (key, value, setOptions) => {
      if (setOptions?.ifAbsent === true && target.has(key)) throw new PluginError('MIRAI_ERR_PLUGIN_CONFLICT', `Key ${key} exists`);
      target.set(key, structuredClone(value));
    },
    delete: async (key) => {
      target.delete(key);
    },
  });
  // Transactions run one at a time on a copy that replaces the state only when the work succeeds.
  let transactions: Promise<unknown> = Promise.resolve();
  const transaction = <T>(work: (tx: PluginStateStore) => Promise<T>): Promise<T> => {
    const run = transactions.then(async () => {
      const copy = new Map(state);
      const result = await work(operations(copy));
      state.clear();
      for (const [key, value] of copy) state.set(key, value);
      return result;
    });
    transactions = run.catch(() => undefined);
    return run;
  };

  const context: PluginContext = {
    name: definition.name,
    logger,
    dataDir: options.dataDir ?? mkdtempSync(join(tmpdir(), `mirai-${definition.name}-`)),
    state: { ...operations(state), transaction },
    egress: createEgressGuard({ allow: options.egressAllow ?? [] }),
    instanceConfig: options.instanceConfig ?? {},
    tenantContext: async (tenantId) => tenants.get(tenantId) ?? null,
    events: {
      on(event, handler) {
        const set = handlers.get(event) ?? new Set();
        set.add(handler as (payload: never) => void);
        handlers.set(event, set);
        return () => set.delete(handler as (payload: never) => void);
      },
    },
    http: {
      route: (route) => routes.push(route),
      baseUrl: `${options.baseUrl ?? 'http://127.0.0.1:8080'}/v1/plugins/${definition.name}/routes`,
    },
    provide(capability, implementation) {
      if (!definition.capabilities.includes(capability))
        throw new Error(`Plugin ${definition.name} provides "${capability}" without declaring it in capabilities`);
      provided.set(capability, [...(provided.get(capability) ?? []), implementation]);
    },
    emit,
  };

  await definition.register(context);
  await definition.start?.(context);

  const extensions = <K extends Capability>(capability: K): ExtensionPoints[K][] => (provided.get(capability) ?? []) as ExtensionPoints[K][];

  return {
    definition,
    logs,
    state,
    extensions,
    extension(capability) {
      const all = extensions(capability);
      const only = all[0];
      if (all.length !== 1 || only === undefined)
        throw new Error(`Plugin ${definition.name} provided ${all.length} implementations of "${capability}"`);
      return only;
    },
    tenants,
    tenant: (config, tenantId = 'tenant-test') => {
      const tenant = { tenantId, config };
      tenants.set(tenantId, tenant);
      return tenant;
    },
    async request(method, path, request = {}) {
      const route = routes.find((candidate) => candidate.method === method && matchRoutePath(candidate.path, path));
      if (route === undefined) return { status: 404 };
      const body = request.body ?? new Uint8Array();
      return route.handler({
        method,
        path,
        query: request.query ?? {},
        headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
        rawBody: typeof body === 'string' ? new TextEncoder().encode(body) : body,
      });
    },
    emit,
    stop: async () => {
      await definition.stop?.();
    },
  };
}
