/**
 * Routes a plugin serves, mounted by the host under `/v1/plugins/<name>/routes`. Used for
 * webhooks (raw body for signature checks) and signed URLs served by the core.
 */
export interface PluginHttpRequest {
  method: string;
  /** Path below the plugin's mount point, starting with `/`. */
  path: string;
  query: Readonly<Record<string, string>>;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received, so signatures over it can be verified. */
  rawBody: Uint8Array;
}

export interface PluginHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array | AsyncIterable<Uint8Array>;
}

export interface PluginRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below the mount point, e.g. `/webhook` or `/objects/*`. */
  path: string;
  /** Upper bound on the body size, in bytes; larger requests get 413 before the handler. */
  bodyLimit?: number;
  handler(request: PluginHttpRequest): Promise<PluginHttpResponse>;
}

export interface PluginHttp {
  route(route: PluginRoute): void;
  /** The absolute base URL of this plugin's routes, for links handed to browsers. */
  readonly baseUrl: string;
}

/** `/objects/*` matches any path below `/objects/`; other paths match exactly. */
export function matchRoutePath(pattern: string, path: string): boolean {
  return pattern.endsWith('/*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}
