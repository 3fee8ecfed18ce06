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

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function httpUrl(name: string, raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`${name} is not a valid URL: "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${name} must use http: or https:, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

/**
 * The settings from the environment, or null when `MIRAI_KRATOS_PUBLIC_URL` is unset (the plugin
 * is installed but not used). A set but invalid value throws, naming the variable.
 */
export function kratosSettingsFromEnv(env: Env): KratosSettings | null {
  const publicUrl = read(env, 'MIRAI_KRATOS_PUBLIC_URL');
  if (publicUrl === undefined) return null;
  const browserUrl = read(env, 'MIRAI_KRATOS_BROWSER_URL');
  const sessionCookie = read(env, 'MIRAI_KRATOS_SESSION_COOKIE') ?? DEFAULT_SESSION_COOKIE;
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(sessionCookie))
    throw new Error(`MIRAI_KRATOS_SESSION_COOKIE must be a cookie name, got "${sessionCookie}"`);
  return {
    publicUrl: httpUrl('MIRAI_KRATOS_PUBLIC_URL', publicUrl),
    browserUrl: httpUrl(browserUrl === undefined ? 'MIRAI_KRATOS_PUBLIC_URL' : 'MIRAI_KRATOS_BROWSER_URL', browserUrl ?? publicUrl),
    cacheTtlMs: integer(env, 'MIRAI_KRATOS_CACHE_TTL_SECONDS', DEFAULT_CACHE_TTL_SECONDS, 0, 3_600) * 1_000,
    sessionCookie,
    timeoutMs: integer(env, 'MIRAI_KRATOS_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, 100, 60_000),
  };
}
