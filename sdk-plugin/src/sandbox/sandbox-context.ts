import { AsyncLocalStorage } from 'node:async_hooks';
import { PLUGIN_ERROR_CODES, PluginError, type PluginErrorCode } from '../errors.ts';
import type { AiProvider } from '../extension-points/ai.ts';
import type { Exporter } from '../extension-points/exporter.ts';
import type { JsonObject, JsonValue } from '../json-schema.ts';
import type { PluginContext, PluginDefinition, PluginStateStore } from '../plugin-definition.ts';
import {
  CALL_HEADER,
  EGRESS_HEADERS_HEADER,
  EGRESS_METHOD_HEADER,
  EGRESS_STATUS_HEADER,
  EGRESS_URL_HEADER,
  ERROR_CODE_HEADER,
  type HostOperation,
  isSandboxable,
  type ProvidedDescriptor,
} from './protocol.ts';

/** The host's callback service, bound into the worker as `env.HOST`. */
export interface HostBinding {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

interface CallScope {
  token: string;
}

export type Provided = { capability: 'ai'; implementation: AiProvider } | { capability: 'exporter'; implementation: Exporter };

/** Which call the running code serves: state, egress and logs are scoped to it. */
export const callScope = new AsyncLocalStorage<CallScope>();

function refused(what: string): PluginError {
  return new PluginError('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', `${what} is not available to a sandboxed plugin`);
}

function isCode(code: string | null): code is PluginErrorCode {
  return code !== null && code in PLUGIN_ERROR_CODES;
}

async function failure(response: Response): Promise<PluginError> {
  const code = response.headers.get(ERROR_CODE_HEADER);
  return new PluginError(isCode(code) ? code : 'MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', await response.text());
}

/** One callback to the host; a 404 (no such asset, no such key) comes back as is, other failures as the host's coded error. */
export async function postToHost(host: HostBinding, token: string, operation: HostOperation): Promise<Response> {
  const response = await host.fetch(`http://host/${operation.op}`, {
    method: 'POST',
    headers: { [CALL_HEADER]: token, 'content-type': 'application/json' },
    body: JSON.stringify(operation),
  });
  if (!response.ok && response.status !== 404) throw await failure(response);
  return response;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The PluginContext of a sandboxed plugin: every operation that needs authority goes to the host, scoped to the current call. */
export function sandboxContext(
  definition: PluginDefinition,
  host: HostBinding,
  provided: Provided[],
  bootToken: string,
  instanceConfig: JsonObject,
): PluginContext {
  const callToken = (what: string) => {
    const current = callScope.getStore();
    if (current === undefined) throw refused(`${what} outside a call (state belongs to the calling organisation)`);
    return current.token;
  };
  const post = (token: string, operation: HostOperation) => postToHost(host, token, operation);
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: Record<string, unknown>): void => {
      const token = callScope.getStore()?.token ?? bootToken;
      const plain = fields === undefined ? undefined : (JSON.parse(JSON.stringify(fields)) as JsonObject);
      post(token, { op: 'log', level, message: String(message), ...(plain === undefined ? {} : { fields: plain }) }).catch(() => undefined);
    };
  const state: PluginStateStore = {
    get: async (key) => ((await (await post(callToken('state'), { op: 'state.get', key })).json()) as { value: JsonValue | null }).value,
    set: async (key, value, options) => {
      await post(callToken('state'), { op: 'state.set', key, value, ...(options?.ifAbsent === true ? { ifAbsent: true } : {}) });
    },
    delete: async (key) => {
      await post(callToken('state'), { op: 'state.delete', key });
    },
  };
  const egressFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const token = callToken('egress');
    const request = new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const response = await host.fetch('http://host/egress', {
      method: 'POST',
      headers: {
        [CALL_HEADER]: token,
        [EGRESS_URL_HEADER]: request.url,
        [EGRESS_METHOD_HEADER]: request.method,
        [EGRESS_HEADERS_HEADER]: JSON.stringify(headers),
      },
      body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer(),
      signal: init?.signal ?? null,
    });
    const status = Number(response.headers.get(EGRESS_STATUS_HEADER));
    if (!Number.isInteger(status) || status === 0) throw await failure(response);
    const upstreamHeaders = JSON.parse(response.headers.get(EGRESS_HEADERS_HEADER) ?? '{}') as Record<string, string>;
    return new Response(NULL_BODY_STATUSES.has(status) ? null : response.body, { status, headers: upstreamHeaders });
  };
  return {
    name: definition.name,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    state: {
      ...state,
      transaction: async () => {
        throw refused('state.transaction');
      },
    },
    events: {
      on: () => {
        throw refused('events.on (events concern every organisation)');
      },
    },
    http: {
      route: () => {
        throw refused('http.route');
      },
      baseUrl: '',
    },
    egress: {
      fetch: egressFetch as typeof globalThis.fetch,
      get httpAgent(): never {
        throw refused('egress.httpAgent (use egress.fetch)');
      },
      get httpsAgent(): never {
        throw refused('egress.httpsAgent (use egress.fetch)');
      },
      check: async () => {
        throw refused('egress.check');
      },
    },
    instanceConfig,
    get dataDir(): never {
      throw refused('dataDir (a sandboxed plugin has no filesystem)');
    },
    provide: (capability, implementation) => {
      if (!isSandboxable(capability))
        throw new PluginError('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', `"${capability}" can only be provided by a plugin the operator trusts`);
      if (!definition.capabilities.includes(capability))
        throw new PluginError('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', `"${capability}" is not among the plugin's declared capabilities`);
      provided.push({ capability, implementation } as Provided);
    },
    tenantContext: async () => {
      throw refused('tenantContext (a call sees only the calling organisation)');
    },
    emit: async () => {
      throw refused('emit');
    },
  };
}

export function describeProvided(entry: Provided): ProvidedDescriptor {
  if (entry.capability === 'ai') {
    const { label, metered, usesModel } = entry.implementation;
    return { capability: 'ai', label, ...(metered === undefined ? {} : { metered }), ...(usesModel === undefined ? {} : { usesModel }) };
  }
  const { format, label, mediaType, settingsSchema } = entry.implementation;
  return { capability: 'exporter', format, label, mediaType, ...(settingsSchema === undefined ? {} : { settingsSchema }) };
}
