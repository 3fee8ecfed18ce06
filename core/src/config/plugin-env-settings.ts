import type { JsonObject } from '@mirai/sdk-plugin';
import { CONFIG_VARIABLES, type ConfigVariableName, configDefault } from './config-variables.ts';

/**
 * One documented environment variable that fills one field of a first-party plugin's operator
 * settings (`instanceConfigSchema`, read by the plugin as `context.instanceConfig`). Plugins never
 * read the environment themselves: the host reads these variables here, merges them over the
 * plugin's entry in MIRAI_PLUGIN_SETTINGS_FILE and validates the result against the plugin's schema
 * at boot. The variables are documented in each plugin's README.
 */
export interface PluginEnvSetting {
  plugin: string;
  variable: string;
  field: string;
  /** Environment values are text; an `integer` field gets a number when the text is a whole number (else the schema refuses it). */
  type: 'string' | 'integer';
}

export const PLUGIN_ENV_SETTINGS = [
  { plugin: 'auth-kratos', variable: 'MIRAI_KRATOS_PUBLIC_URL', field: 'publicUrl', type: 'string' },
  { plugin: 'auth-kratos', variable: 'MIRAI_KRATOS_BROWSER_URL', field: 'browserUrl', type: 'string' },
  { plugin: 'auth-kratos', variable: 'MIRAI_KRATOS_CACHE_TTL_SECONDS', field: 'cacheTtlSeconds', type: 'integer' },
  { plugin: 'auth-kratos', variable: 'MIRAI_KRATOS_SESSION_COOKIE', field: 'sessionCookie', type: 'string' },
  { plugin: 'auth-kratos', variable: 'MIRAI_KRATOS_TIMEOUT_MS', field: 'timeoutMs', type: 'integer' },
  // So the plugin can refuse to start without Kratos when it is the deployment's identity provider.
  { plugin: 'auth-kratos', variable: 'MIRAI_AUTH_PROVIDER', field: 'authProvider', type: 'string' },
  { plugin: 'mail-smtp', variable: 'MIRAI_SMTP_URL', field: 'smtpUrl', type: 'string' },
  { plugin: 'mail-smtp', variable: 'MIRAI_MAIL_FROM', field: 'from', type: 'string' },
  // The host of the Message-IDs.
  { plugin: 'mail-smtp', variable: 'MIRAI_PUBLIC_URL', field: 'publicUrl', type: 'string' },
  { plugin: 'storage-fs', variable: 'MIRAI_STORAGE_FS_ROOT', field: 'root', type: 'string' },
  { plugin: 'storage-fs', variable: 'MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES', field: 'maxUploadBytes', type: 'integer' },
] as const satisfies readonly PluginEnvSetting[];

/** Operator settings taken from the environment, and the variable each field came from (for error messages). */
export interface PluginEnvSettings {
  /** Plugin name → settings; a plugin none of whose variables is set is absent. */
  settings: Record<string, JsonObject>;
  /** Plugin name → field → the variable that set it. */
  variables: Record<string, Record<string, string>>;
}

type Env = Readonly<Record<string, string | undefined>>;

const isCoreVariable = (name: string): name is ConfigVariableName => CONFIG_VARIABLES.some((variable) => variable.name === name);

/** The variable's value; a core variable (MIRAI_PUBLIC_URL, MIRAI_AUTH_PROVIDER) falls back to its default, as the core sees it. */
function variableValue(env: Env, variable: string): string | undefined {
  const raw = env[variable]?.trim();
  if (raw !== undefined && raw !== '') return raw;
  return isCoreVariable(variable) ? configDefault(variable) : undefined;
}

/** The set (non-blank) variables of PLUGIN_ENV_SETTINGS, as plugin settings; core variables with their defaults. Validation is the host's, against each plugin's schema. */
export function pluginSettingsFromEnv(env: Env): PluginEnvSettings {
  const settings: Record<string, JsonObject> = {};
  const variables: Record<string, Record<string, string>> = {};
  for (const { plugin, variable, field, type } of PLUGIN_ENV_SETTINGS) {
    const raw = variableValue(env, variable);
    if (raw === undefined) continue;
    settings[plugin] = { ...settings[plugin], [field]: type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw };
    variables[plugin] = { ...variables[plugin], [field]: variable };
  }
  return { settings, variables };
}
