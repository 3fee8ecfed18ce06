/**
 * Errors a plugin may throw across the contract. The host maps each code to an HTTP status
 * and a problem+json response; any other thrown error becomes a 502 naming the plugin.
 */
export const PLUGIN_ERROR_CODES = {
  MIRAI_ERR_PLUGIN_CONFLICT: { status: 409, title: 'The resource already exists' },
  MIRAI_ERR_PLUGIN_BAD_INPUT: { status: 400, title: 'The plugin rejected the input' },
  MIRAI_ERR_PLUGIN_UNAUTHORIZED: { status: 401, title: 'The plugin could not authenticate the request' },
  MIRAI_ERR_PLUGIN_FORBIDDEN: { status: 403, title: 'The plugin refused the request' },
  MIRAI_ERR_PLUGIN_NOT_FOUND: { status: 404, title: 'The plugin found no such resource' },
  MIRAI_ERR_PLUGIN_UPSTREAM: { status: 502, title: "The plugin's upstream service failed" },
  MIRAI_ERR_PLUGIN_RATE_LIMITED: { status: 429, title: "The plugin's upstream service is rate limiting" },
  MIRAI_ERR_PLUGIN_EGRESS_REFUSED: { status: 403, title: 'The egress policy refused the destination' },
  MIRAI_ERR_PLUGIN_SANDBOX_REFUSED: { status: 403, title: 'A sandboxed plugin asked for something the sandbox does not allow' },
} as const satisfies Record<string, { status: number; title: string }>;

export type PluginErrorCode = keyof typeof PLUGIN_ERROR_CODES;

export class PluginError extends Error {
  readonly code: PluginErrorCode;
  /** Whether retrying the same call later may succeed (rate limits, upstream outages). */
  readonly transient: boolean;

  constructor(code: PluginErrorCode, message: string, options: { cause?: unknown; transient?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PluginError';
    this.code = code;
    this.transient = options.transient ?? false;
  }
}

export function isPluginError(error: unknown): error is PluginError {
  return (
    error instanceof Error && error.name === 'PluginError' && 'code' in error && typeof error.code === 'string' && error.code in PLUGIN_ERROR_CODES
  );
}
