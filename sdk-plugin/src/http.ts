/**
 * Routes a plugin serves, mounted by the host under `/v1/plugins/<name>/routes`. Used for
 * webhooks (raw body for signature checks) and signed URLs served by the core.
 */
export interface PluginHttpRequest {
  method: string;
  /** Path below the plugin's mount point, starting with `/`. */
  path: string;
  query: Readonly<Record<string, string>>;
  /**
   * Lower-cased header names. Never `cookie` nor `authorization`: the host strips the caller's
   * credentials; a `session` route gets who is calling in `caller` instead.
   */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received, so signatures over it can be verified. */
  rawBody: Uint8Array;
  /** Set on `auth: 'session'` routes only: the signed-in caller, in an organisation that enabled the plugin. */
  caller?: PluginRouteCaller;
}

export interface PluginRouteCaller {
  userId: string;
  tenantId: string;
  /** The caller's role in that organisation: owner, admin, author or learner. */
  role: string;
}

/** Headers no plugin route ever receives (credentials of the caller). */
export const STRIPPED_ROUTE_HEADERS: readonly string[] = ['cookie', 'authorization'];

export interface PluginHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array | AsyncIterable<Uint8Array>;
}

export interface PluginRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below the mount point, e.g. `/webhook` or `/objects/*`. */
  path: string;
  /**
   * `none` (default): anyone may call (webhooks, signed URLs; check your own signature).
   * `session`: the host answers 401 without a signed-in caller and 404 when the caller's
   * organisation has not enabled the plugin, and passes `request.caller`.
   */
  auth?: 'none' | 'session';
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
