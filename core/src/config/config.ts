import { readFileSync } from 'node:fs';
import { type AllowRule, CAPABILITIES, type Capability, isCapability, type JsonObject, parseEgressAllowList } from '@mirai/sdk-plugin';
import { MiraiError } from '../errors/mirai-error.ts';
import { EMPTY_PRICE_TABLE, type PriceTable, parsePriceTable } from '../modules/ai-routing/price-table.ts';
import { type ConfigVariableName, configDefault, type DefaultedVariableName } from './config-variables.ts';
import { type PluginEnvSettings, pluginSettingsFromEnv } from './plugin-env-settings.ts';

export interface MiraiConfig {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  dataDir: string;
  /** Undefined: embedded PGlite. */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  redisUrl: string | undefined;
  queueBackend: 'embedded' | 'redis' | 'postgres';
  queueNamespace: string;
  workerConcurrency: number;
  jobStaleSeconds: number;
  /** Undefined only in embedded mode, where it is generated on first start. */
  secretKey: Buffer | undefined;
  publicUrl: string;
  appUrl: string;
  corsOrigins: string[];
  authProvider: string;
  /** The instance-scoped plugin that sends mail (verification links). */
  mailProvider: string;
  pluginPaths: string[];
  defaultTenantPlugins: string[];
  /** Operator's AI prices per million tokens by plugin and model (MIRAI_AI_PRICES), for cost on the usage page. */
  aiPrices: PriceTable;
  uploadMaxBytes: number;
  /** Limits of SME document text extraction (a job). */
  documentLimits: { maxBytes: number; maxPages: number; timeoutMs: number };
  pluginsIgnoringEngine: string[];
  pluginRegisterTimeoutMs: number;
  /** Operator exceptions to the egress guard (MIRAI_EGRESS_ALLOW); empty allows only public https. */
  egressAllow: AllowRule[];
  /** Publisher public keys (base64 SPKI, Ed25519) whose signed plugin packages load. */
  pluginTrustedKeys: string[];
  /** Package names organisations may install for themselves (MIRAI_PLUGIN_CATALOGUE). */
  pluginCatalogue: string[];
  /** The npm registry the catalogue comes from. */
  pluginRegistry: string;
  /** Development only: load partner plugins that carry no signature. */
  pluginsAllowUnsigned: boolean;
  /** Partner packages the operator trusts to run in-process; the others run sandboxed. */
  pluginsTrusted: string[];
  /** Sandboxed packages whose signed egress declaration the operator approves. */
  pluginsEgressApproved: string[];
  sandboxCallTimeoutMs: number;
  sandboxMemoryMb: number;
  /** Operator settings per plugin name (MIRAI_PLUGIN_SETTINGS_FILE), read once at start. */
  pluginSettings: Record<string, JsonObject>;
  /** Operator settings of first-party plugins from their documented variables (PLUGIN_ENV_SETTINGS); they win over the file. */
  pluginEnvSettings: PluginEnvSettings;
  /** Plugins whose failure to register or start stops the boot; the auth provider always is. */
  pluginsRequired: string[];
  /** Host-side time limit of one plugin call, per capability. */
  pluginCallTimeoutMs: Record<Capability, number>;
  sessionTtlHours: number;
  bodyLimitBytes: number;
  /** Addresses or CIDRs of trusted proxies; empty trusts none. */
  trustProxy: string[];
  authRateLimitPerMinute: number;
  /** Failed password sign-ins to one account before it is locked; the lock starts at authLockoutSeconds and doubles per further failure. */
  authLockoutThreshold: number;
  authLockoutSeconds: number;
  /** Period of billing reconciliation (once per period across all workers). */
  billingReconcileSeconds: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function invalid(name: ConfigVariableName, why: string): MiraiError {
  return new MiraiError('MIRAI_ERR_CONFIG_INVALID', `${name} ${why}`, { extensions: { variable: name } });
}

/** The variable's value, or its default from CONFIG_VARIABLES (undefined when it has none). */
function read(env: Env, name: DefaultedVariableName): string;
function read(env: Env, name: ConfigVariableName): string | undefined;
function read(env: Env, name: ConfigVariableName): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? configDefault(name) : value;
}

function integer(env: Env, name: DefaultedVariableName, min: number, max: number): number {
  const raw = read(env, name);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

function egressAllow(env: Env): AllowRule[] {
  try {
    return parseEgressAllowList(read(env, 'MIRAI_EGRESS_ALLOW') ?? '');
  } catch (error) {
    throw invalid('MIRAI_EGRESS_ALLOW', `is not a list of hosts, host:port or CIDRs (${error instanceof Error ? error.message : String(error)})`);
  }
}

function aiPrices(env: Env): PriceTable {
  const raw = read(env, 'MIRAI_AI_PRICES');
  if (raw === undefined) return EMPTY_PRICE_TABLE;
  const table = parsePriceTable(raw);
  if (typeof table === 'string') throw invalid('MIRAI_AI_PRICES', table);
  return table;
}

function pluginSettings(env: Env): Record<string, JsonObject> {
  const file = read(env, 'MIRAI_PLUGIN_SETTINGS_FILE');
  if (file === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw invalid('MIRAI_PLUGIN_SETTINGS_FILE', `could not be read as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(parsed) || !Object.values(parsed).every(isObject))
    throw invalid('MIRAI_PLUGIN_SETTINGS_FILE', 'must hold an object of plugin name → settings object');
  return parsed as Record<string, JsonObject>;
}

const MAX_CALL_TIMEOUT_MS = 24 * 3_600_000;

/** MIRAI_PLUGIN_CALL_TIMEOUT_MS for every capability, overridden per capability by MIRAI_PLUGIN_CALL_TIMEOUTS (`exporter=1800000,auth=5000`). */
function callTimeouts(env: Env): Record<Capability, number> {
  const fallback = integer(env, 'MIRAI_PLUGIN_CALL_TIMEOUT_MS', 10, MAX_CALL_TIMEOUT_MS);
  const limits = Object.fromEntries(CAPABILITIES.map((capability) => [capability, fallback])) as Record<Capability, number>;
  for (const entry of list(env, 'MIRAI_PLUGIN_CALL_TIMEOUTS', ',')) {
    const [capability = '', raw = ''] = entry.split('=').map((part) => part.trim());
    const value = Number(raw);
    if (!isCapability(capability) || !Number.isInteger(value) || value < 10 || value > MAX_CALL_TIMEOUT_MS)
      throw invalid('MIRAI_PLUGIN_CALL_TIMEOUTS', `must list capability=milliseconds pairs (10 to ${MAX_CALL_TIMEOUT_MS}), got "${entry}"`);
    limits[capability] = value;
  }
  return limits;
}

function url(env: Env, name: DefaultedVariableName, protocols: string[]): string;
function url(env: Env, name: ConfigVariableName, protocols: string[]): string | undefined;
function url(env: Env, name: ConfigVariableName, protocols: string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw invalid(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) throw invalid(name, `must use ${protocols.join(' or ')}`);
  return raw;
}

function list(env: Env, name: ConfigVariableName, separator: string): string[] {
  const raw = read(env, name);
  return raw === undefined
    ? []
    : raw
        .split(separator)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}

function secretKey(env: Env): Buffer | undefined {
  const raw = read(env, 'MIRAI_SECRET_KEY');
  if (raw === undefined) return undefined;
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) throw invalid('MIRAI_SECRET_KEY', 'must be the base64 encoding of exactly 32 bytes (openssl rand -base64 32)');
  return key;
}

/** Reads and validates the configuration once; a bad value fails start-up naming the variable. */
export function loadConfig(env: Env = process.env): MiraiConfig {
  const logLevel = read(env, 'LOG_LEVEL');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw invalid('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const key = secretKey(env);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const queueBackend = read(env, 'QUEUE_BACKEND') ?? (redisUrl === undefined ? 'embedded' : 'redis');
  if (queueBackend !== 'embedded' && queueBackend !== 'redis' && queueBackend !== 'postgres')
    throw invalid('QUEUE_BACKEND', 'must be embedded, redis or postgres');
  if (queueBackend === 'redis' && redisUrl === undefined) throw invalid('QUEUE_BACKEND', 'is redis, so REDIS_URL must be set');
  if (queueBackend === 'postgres' && databaseUrl === undefined)
    throw invalid('QUEUE_BACKEND', 'is postgres, so DATABASE_URL must be set (the embedded database cannot host BullMQ)');
  if (databaseUrl !== undefined && key === undefined)
    throw invalid('MIRAI_SECRET_KEY', 'is required when DATABASE_URL is set (generate one with: openssl rand -base64 32)');
  return {
    port: integer(env, 'PORT', 0, 65535),
    host: read(env, 'HOST'),
    logLevel: logLevel as MiraiConfig['logLevel'],
    dataDir: read(env, 'MIRAI_DATA_DIR'),
    databaseUrl,
    databasePoolMax: integer(env, 'DATABASE_POOL_MAX', 1, 500),
    redisUrl,
    queueBackend,
    queueNamespace: read(env, 'MIRAI_QUEUE_NAMESPACE'),
    workerConcurrency: integer(env, 'MIRAI_WORKER_CONCURRENCY', 1, 256),
    jobStaleSeconds: integer(env, 'MIRAI_JOB_STALE_SECONDS', 2, 86_400),
    secretKey: key,
    publicUrl: url(env, 'MIRAI_PUBLIC_URL', ['http:', 'https:']).replace(/\/$/, ''),
    appUrl: url(env, 'MIRAI_APP_URL', ['http:', 'https:']).replace(/\/$/, ''),
    corsOrigins: list(env, 'MIRAI_CORS_ORIGINS', ','),
    authProvider: read(env, 'MIRAI_AUTH_PROVIDER'),
    mailProvider: read(env, 'MIRAI_MAIL_PROVIDER'),
    pluginPaths: list(env, 'MIRAI_PLUGIN_PATHS', ':'),
    defaultTenantPlugins: list(env, 'MIRAI_DEFAULT_TENANT_PLUGINS', ','),
    aiPrices: aiPrices(env),
    uploadMaxBytes: integer(env, 'MIRAI_UPLOAD_MAX_BYTES', 1, 10 * 1024 ** 3),
    documentLimits: {
      maxBytes: integer(env, 'MIRAI_DOCUMENT_MAX_BYTES', 1024, 1024 ** 3),
      maxPages: integer(env, 'MIRAI_DOCUMENT_MAX_PAGES', 1, 100_000),
      timeoutMs: integer(env, 'MIRAI_DOCUMENT_EXTRACT_SECONDS', 1, 3_600) * 1000,
    },
    pluginsIgnoringEngine: list(env, 'MIRAI_PLUGINS_IGNORE_ENGINE', ','),
    pluginRegisterTimeoutMs: integer(env, 'MIRAI_PLUGIN_REGISTER_TIMEOUT_MS', 10, 600_000),
    egressAllow: egressAllow(env),
    pluginTrustedKeys: list(env, 'MIRAI_PLUGIN_TRUSTED_KEYS', ','),
    pluginsAllowUnsigned: read(env, 'MIRAI_PLUGINS_ALLOW_UNSIGNED') === 'true',
    pluginCatalogue: list(env, 'MIRAI_PLUGIN_CATALOGUE', ','),
    pluginRegistry: url(env, 'MIRAI_PLUGIN_REGISTRY', ['http:', 'https:']),
    pluginsTrusted: list(env, 'MIRAI_PLUGINS_TRUSTED', ','),
    pluginsEgressApproved: list(env, 'MIRAI_PLUGINS_EGRESS_APPROVED', ','),
    sandboxCallTimeoutMs: integer(env, 'MIRAI_SANDBOX_CALL_TIMEOUT_MS', 100, 3_600_000),
    sandboxMemoryMb: integer(env, 'MIRAI_SANDBOX_MEMORY_MB', 16, 8192),
    pluginSettings: pluginSettings(env),
    pluginEnvSettings: pluginSettingsFromEnv(env),
    pluginsRequired: list(env, 'MIRAI_PLUGINS_REQUIRED', ','),
    pluginCallTimeoutMs: callTimeouts(env),
    sessionTtlHours: integer(env, 'MIRAI_SESSION_TTL_HOURS', 1, 24 * 365),
    trustProxy: list(env, 'MIRAI_TRUST_PROXY', ','),
    bodyLimitBytes: integer(env, 'MIRAI_BODY_LIMIT_BYTES', 1024, 100 * 1_048_576),
    authRateLimitPerMinute: integer(env, 'MIRAI_AUTH_RATE_LIMIT_PER_MINUTE', 1, 1_000_000),
    authLockoutThreshold: integer(env, 'MIRAI_AUTH_LOCKOUT_THRESHOLD', 1, 1_000),
    authLockoutSeconds: integer(env, 'MIRAI_AUTH_LOCKOUT_SECONDS', 1, 86_400),
    billingReconcileSeconds: integer(env, 'MIRAI_BILLING_RECONCILE_SECONDS', 1, 86_400),
  };
}
