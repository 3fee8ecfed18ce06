import { isPluginError, PLUGIN_ERROR_CODES, type PluginErrorCode } from '@mirai/sdk-plugin';

/**
 * Plugin codes that report what an upstream service did. Their messages may quote the upstream's
 * answer, and the upstream may be anything a tenant pointed the plugin at (an internal service,
 * a metadata endpoint), so users see only the code and its title; the message goes to the log.
 */
const UPSTREAM_CODES: ReadonlySet<PluginErrorCode> = new Set([
  'MIRAI_ERR_PLUGIN_UPSTREAM',
  'MIRAI_ERR_PLUGIN_RATE_LIMITED',
  'MIRAI_ERR_PLUGIN_UNAUTHORIZED',
  'MIRAI_ERR_PLUGIN_FORBIDDEN',
  'MIRAI_ERR_PLUGIN_NOT_FOUND',
]);

/** What a user may be told about a failure (a job's `error`, a problem's `detail`). */
export function userFacingMessage(error: unknown): string {
  if (isPluginError(error) && UPSTREAM_CODES.has(error.code)) return `${PLUGIN_ERROR_CODES[error.code].title} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
