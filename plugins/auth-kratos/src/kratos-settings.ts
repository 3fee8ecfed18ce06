import type { JsonObject, JsonSchema } from '@mirai/sdk-plugin';

/** How the plugin reaches Kratos and how long it trusts an answer. */
export interface KratosSettings {
  /** Kratos' public API as this server reaches it, e.g. `http://kratos:4433`. */
  publicUrl: string;
  /** Kratos' public API as browsers reach it, for the self-service links; defaults to `publicUrl`. */
  browserUrl: string;
  /** How long a positive answer is reused; 0 asks Kratos on every request. */
  cacheTtlMs: number;
  /** The session cookie Kratos sets (`session.cookie.name` in its config). */
  sessionCookie: string;
  /** Time-out of one call to Kratos. */
  timeoutMs: number;
}

export const DEFAULT_CACHE_TTL_SECONDS = 30;
export const DEFAULT_SESSION_COOKIE = 'ory_kratos_session';
export const DEFAULT_TIMEOUT_MS = 5_000;

const httpUrl = { type: 'string', pattern: '^https?://[^/?#\\s]+' } as const;

/**
 * The operator's settings (`context.instanceConfig`). The host fills them from MIRAI_KRATOS_* (and
 * MIRAI_AUTH_PROVIDER) or MIRAI_PLUGIN_SETTINGS_FILE and checks them against this schema at boot.
 */
export const instanceConfigSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    publicUrl: { ...httpUrl, description: "Kratos' public API as the Mirai API reaches it (MIRAI_KRATOS_PUBLIC_URL)." },
    browserUrl: { ...httpUrl, description: "Kratos' public API as browsers reach it (MIRAI_KRATOS_BROWSER_URL)." },
    cacheTtlSeconds: { type: 'integer', minimum: 0, maximum: 3_600, default: DEFAULT_CACHE_TTL_SECONDS },
    sessionCookie: { type: 'string', pattern: "^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$", default: DEFAULT_SESSION_COOKIE },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 60_000, default: DEFAULT_TIMEOUT_MS },
    authProvider: { type: 'string', description: "The deployment's identity provider (MIRAI_AUTH_PROVIDER)." },
  },
};

/** `context.instanceConfig` as the schema above lets it be. */
export interface KratosInstanceConfig {
  publicUrl?: string;
  browserUrl?: string;
  cacheTtlSeconds?: number;
  sessionCookie?: string;
  timeoutMs?: number;
  authProvider?: string;
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The settings with defaults applied, or null without a `publicUrl` (the plugin is installed but
 * not used). The host has validated `instanceConfig` against `instanceConfigSchema`.
 */
export function kratosSettings(instanceConfig: JsonObject): KratosSettings | null {
  const config = instanceConfig as KratosInstanceConfig;
  if (config.publicUrl === undefined) return null;
  return {
    publicUrl: withoutTrailingSlash(config.publicUrl),
    browserUrl: withoutTrailingSlash(config.browserUrl ?? config.publicUrl),
    cacheTtlMs: (config.cacheTtlSeconds ?? DEFAULT_CACHE_TTL_SECONDS) * 1_000,
    sessionCookie: config.sessionCookie ?? DEFAULT_SESSION_COOKIE,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}
