import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { createEgressGuard } from '../egress/egress-guard.ts';
import { isEngineCompatible } from '../engine-compatibility.ts';
import { PluginError } from '../errors.ts';
import { type EventHandler, MIRAI_EVENT_SCOPES, type MiraiEventName, type MiraiEvents } from '../events.ts';
import type { Capability, ExtensionPoints } from '../extension-points/index.ts';
import type { TenantContext } from '../extension-points/tenant-context.ts';
import { matchRoutePath, type PluginHttpRequest, type PluginHttpResponse, type PluginRoute, STRIPPED_ROUTE_HEADERS } from '../http.ts';
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
  /** The signed-in caller of an `auth: 'session'` route; without it such a route answers 401, as in the host. */
  caller?: PluginHttpRequest['caller'];
}

/** Thrown by `tenant()` for a config the plugin's `configSchema` refuses, naming each field as the host's 400 does. */
export class TestHostConfigError extends Error {
  readonly fields: string[];
  constructor(fields: string[], message: string) {
    super(message);
    this.name = 'TestHostConfigError';
    this.fields = fields;
  }
}

const problem = (status: number, code: string, detail: string): PluginHttpResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: JSON.stringify({ type: `https://mirai.dev/errors/${code}`, title: detail, status, code, detail }),
});

const configAjv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

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
  /** The operator's settings (`context.instanceConfig`), as the host would give them; checked against `instanceConfigSchema`. */
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

  // As the host does at boot: operator settings must match the plugin's instanceConfigSchema.
  if (options.instanceConfig !== undefined) {
    const validateInstance = configAjv.compile(definition.instanceConfigSchema ?? { type: 'object', additionalProperties: false });
    if (!validateInstance(options.instanceConfig))
      throw new Error(`Invalid instanceConfig for ${definition.name}: ${configAjv.errorsText(validateInstance.errors)}`);
  }

  const logs: LogEntry[] = [];
  const state = new Map<string, JsonValue>();
  const provided = new Map<Capability, unknown[]>();
  const routes: PluginRoute[] = [];
  const handlers = new Map<MiraiEventName, Set<(payload: never) => void | Promise<void>>>();
  const log = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
    logs.push(fields === undefined ? { level, message } : { level, message, fields });
  };
  const logger: PluginLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };

  const tenants = new Map<string, TenantContext>();
  // As in the host: a failing handler is logged, never rethrown, and tenant-scope events reach
  // the plugin only for tenants that enabled it (here: made with `tenant()`).
  const emit = async <E extends MiraiEventName>(event: E, payload: MiraiEvents[E]): Promise<void> => {
    if (MIRAI_EVENT_SCOPES[event] === 'tenant' && !tenants.has(payload.tenantId)) return;
    for (const handler of handlers.get(event) ?? []) {
      try {
        await (handler as EventHandler<E>)(payload);
      } catch (error) {
        logs.push({ level: 'error', message: 'plugin event handler failed', fields: { event, error: String(error) } });
      }
    }
  };
  const validateConfig = configAjv.compile(definition.configSchema ?? { type: 'object', additionalProperties: false });
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
      if (!validateConfig(config)) {
        const fields = (validateConfig.errors ?? []).map((e) => {
          const params = e.params as { missingProperty?: string; additionalProperty?: string };
          const name = params.missingProperty ?? params.additionalProperty;
          return `${e.instancePath}${name === undefined ? '' : `/${name}`}`.replace(/^\//, '');
        });
        throw new TestHostConfigError(fields, `Invalid config for ${definition.name}: ${configAjv.errorsText(validateConfig.errors)}`);
      }
      const tenant = { tenantId, config };
      tenants.set(tenantId, tenant);
      return tenant;
    },
    async request(method, path, request = {}) {
      const route = routes.find((candidate) => candidate.method === method && matchRoutePath(candidate.path, path));
      if (route === undefined) return problem(404, 'MIRAI_ERR_ROUTE_NOT_FOUND', `Plugin "${definition.name}" serves no ${method} ${path}`);
      if (route.auth === 'session' && request.caller === undefined) return problem(401, 'MIRAI_ERR_AUTH_UNAUTHENTICATED', 'Sign in');
      const body = request.body ?? new Uint8Array();
      const input: PluginHttpRequest = {
        method,
        path,
        query: request.query ?? {},
        headers: Object.fromEntries(
          Object.entries(request.headers ?? {})
            .map(([k, v]) => [k.toLowerCase(), v])
            .filter(([k]) => !STRIPPED_ROUTE_HEADERS.includes(k as string)),
        ),
        rawBody: typeof body === 'string' ? new TextEncoder().encode(body) : body,
      };
      return route.handler(route.auth === 'session' && request.caller !== undefined ? { ...input, caller: request.caller } : input);
    },
    emit,
    stop: async () => {
      await definition.stop?.();
    },
  };
}
