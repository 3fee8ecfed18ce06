import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import {
  addressAllowed,
  createEgressGuard,
  hostAllowed,
  isPluginError,
  type JsonValue,
  type PluginEgress,
  type PluginStateStore,
  parseEgressAllowList,
} from '@mirai/sdk-plugin';
import {
  CALL_HEADER,
  EGRESS_HEADERS_HEADER,
  EGRESS_METHOD_HEADER,
  EGRESS_STATUS_HEADER,
  EGRESS_URL_HEADER,
  ERROR_CODE_HEADER,
  type HostOperation,
} from '@mirai/sdk-plugin/sandbox';
import type { FastifyBaseLogger } from 'fastify';

/** What the host lets one call (or the plugin's registration, which has no organisation) do through the bridge. */
export interface CallGrant {
  tenantId: string | null;
  /** The calling organisation's state of this plugin when it lives elsewhere (a plugin runtime's caller keeps it); else the bridge's `state`. */
  state?: PluginStateStore;
  readAsset?: (storageKey: string) => Promise<Uint8Array | null>;
}

export interface HostBridgeOptions {
  /** Who logs name until the plugin has registered (its package). */
  plugin: string;
  logger: FastifyBaseLogger;
  /** State of this plugin for one organisation, by the plugin's registered name; absent where each call brings its own. */
  state?: (plugin: string, tenantId: string) => PluginStateStore;
  /** Hosts (host, host:port, IP, CIDR) the plugin's signed manifest declares and the operator approved. */
  egressAllow: readonly string[];
}

const MAX_BODY_BYTES = 1 << 20;

class BridgeRefusal extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 403) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BridgeRefusal('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', 'callback body too large', 413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The host's side of a sandboxed plugin's callbacks, on a Unix socket only that plugin's workerd
 * process is bound to. Every callback names its call by an unguessable token; the grant behind
 * it decides which organisation's state it touches and what it may read.
 */
export class HostBridge {
  readonly #grants = new Map<string, CallGrant>();
  readonly #options: HostBridgeOptions;
  readonly #egress: PluginEgress;
  readonly #rules;
  #server: Server | undefined;
  #plugin: string;
  #registered = false;

  constructor(options: HostBridgeOptions) {
    this.#options = options;
    this.#plugin = options.plugin;
    this.#rules = parseEgressAllowList(options.egressAllow);
    this.#egress = createEgressGuard({ allow: this.#rules });
  }

  /** The plugin registered under `name`: logs and state carry it from now on (state is keyed by plugin name, as the host keys it). */
  registered(name: string): void {
    this.#plugin = name;
    this.#registered = true;
  }

  grant(grant: CallGrant): { token: string; revoke(): void } {
    // 122 random bits from Node's pre-filled entropy pool: a fresh randomBytes read per call showed in the host's time per call.
    const token = randomUUID();
    this.#grants.set(token, grant);
    return { token, revoke: () => this.#grants.delete(token) };
  }

  async listen(socket: string): Promise<void> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => this.#fail(response, error));
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socket, resolve));
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #fail(response: ServerResponse, error: unknown): void {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const code = error instanceof BridgeRefusal || isPluginError(error) ? error.code : 'MIRAI_ERR_PLUGIN_SANDBOX_REFUSED';
    const status = error instanceof BridgeRefusal ? error.status : isPluginError(error) ? 409 : 500;
    response.writeHead(status, { [ERROR_CODE_HEADER]: code, 'content-type': 'text/plain' });
    response.end(error instanceof Error ? error.message : String(error));
  }

  #grantOf(request: IncomingMessage): CallGrant {
    const grant = this.#grants.get(String(request.headers[CALL_HEADER] ?? ''));
    if (grant === undefined) throw new BridgeRefusal('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', 'the callback names no call in progress');
    return grant;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const grant = this.#grantOf(request);
    if (request.url === '/egress') return this.#egressCall(request, response);
    const operation = JSON.parse((await readBody(request)).toString('utf8')) as HostOperation;
    const send = (value: JsonValue) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (operation.op === 'log') {
      const fields = { ...operation.fields, plugin: this.#plugin, tenantId: grant.tenantId, sandboxed: true };
      this.#options.logger[operation.level in { debug: 1, info: 1, warn: 1, error: 1 } ? operation.level : 'info'](fields, String(operation.message));
      return void send(null);
    }
    if (operation.op === 'asset') {
      const bytes = grant.readAsset === undefined ? null : await grant.readAsset(String(operation.storageKey));
      if (bytes === null) return void response.writeHead(404).end();
      return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
    }
    if (grant.tenantId === null || !this.#registered)
      throw new BridgeRefusal('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', 'state belongs to an organisation: use it inside a call');
    const state = grant.state ?? this.#options.state?.(this.#plugin, grant.tenantId);
    if (state === undefined) throw new BridgeRefusal('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', 'this call has no state');
    if (operation.op === 'state.get') return void send({ value: await state.get(String(operation.key)) });
    if (operation.op === 'state.set') {
      await state.set(String(operation.key), operation.value, { ifAbsent: operation.ifAbsent === true });
      return void send(null);
    }
    if (operation.op === 'state.delete') {
      await state.delete(String(operation.key));
      return void send(null);
    }
    throw new BridgeRefusal('MIRAI_ERR_PLUGIN_SANDBOX_REFUSED', 'unknown callback', 404);
  }

  /** `context.egress.fetch`: only to approved hosts, and through the same guard as tenant-configured URLs. */
  async #egressCall(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(String(request.headers[EGRESS_URL_HEADER]));
    const port = url.port === '' ? (url.protocol === 'http:' ? 80 : 443) : Number(url.port);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (!hostAllowed(this.#rules, host, port) && !addressAllowed(this.#rules, host, port))
      throw new BridgeRefusal(
        'MIRAI_ERR_PLUGIN_EGRESS_REFUSED',
        `Outbound request to ${url.host} refused: the plugin's signed manifest does not declare it, or the operator has not approved it`,
      );
    const method = String(request.headers[EGRESS_METHOD_HEADER] ?? 'GET');
    const headers = JSON.parse(String(request.headers[EGRESS_HEADERS_HEADER] ?? '{}')) as Record<string, string>;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
    const abort = new AbortController();
    response.on('close', () => abort.abort(new Error('the sandboxed caller went away')));
    const upstream = await this.#egress.fetch(url, { method, headers, body, signal: abort.signal, redirect: 'manual' });
    const upstreamHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      upstreamHeaders[name] = value;
    });
    response.writeHead(200, { [EGRESS_STATUS_HEADER]: String(upstream.status), [EGRESS_HEADERS_HEADER]: JSON.stringify(upstreamHeaders) });
    if (upstream.body === null) return void response.end();
    Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream<Uint8Array>)
      .on('error', () => response.destroy())
      .pipe(response);
  }
}
