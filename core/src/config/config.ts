import { type AllowRule, CAPABILITIES, type Capability, type JsonObject } from '@mirai/sdk-plugin';
import type { MiraiError } from '../errors/mirai-error.ts';
import type { PriceTable } from '../modules/ai-routing/price-table.ts';
import type { RedisTarget } from '../redis/redis-target.ts';
import { invalid, type LogLevel } from './config-parsers.ts';
import { type ConfigValues, type ConfigVariableName, readConfigValues } from './config-variables.ts';
import { type PluginEnvSettings, pluginSettingsFromEnv } from './plugin-env-settings.ts';

export interface MiraiConfig {
  port: number;
  host: string;
  logLevel: LogLevel;
  dataDir: string;
  /** Undefined: embedded PGlite. */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  /** REDIS_URL, or the primary behind MIRAI_REDIS_SENTINELS; undefined: the embedded adapters. */
  redis: RedisTarget | undefined;
  queueBackend: 'embedded' | 'redis' | 'postgres';
  queueNamespace: string;
  workerConcurrency: number;
  jobStaleSeconds: number;
  /** Jobs of one tenant handed to workers and not yet finished, at most (fair hand-over). */
  tenantJobLimit: number;
  /** Worker slots never lent to a tenant beyond its limit (work-conserving hand-over). */
  tenantJobReserve: number;
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
  /** Video and audio uploads (lesson media blocks). */
  mediaMaxBytes: number;
  contentOrigin: string;
  contentPort: number;
  scormLimits: { maxZipBytes: number; maxEntries: number; maxTotalBytes: number; maxEntryBytes: number; maxRatio: number };
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
  /** Where sandboxed plugins run when not in this process's children: a `mirai plugin-runtime`, reached with the shared token. */
  pluginRuntime: { url: string | undefined; token: string | undefined };
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
  /** How often the notification feed looks for new sources (ms). */
  notificationsPollMs: number;
  /** Reminders go out this many days before a due date. */
  reminderDueDays: number;
  reminderCheckSeconds: number;
  /** /metrics: on its own port (server mode's usual setup) and/or behind a bearer token. */
  metrics: { port: number | undefined; token: string | undefined; tenantClasses: ReadonlyMap<string, string> };
  /** OTLP trace export; undefined: tracing off. */
  tracing: { endpoint: string; serviceName: string } | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `invalid` held to the table's names, so a check across variables cannot name one that does not exist. */
const invalidVariable: (name: ConfigVariableName, why: string) => MiraiError = invalid;

/** MIRAI_PLUGIN_CALL_TIMEOUT_MS for every capability, overridden per capability by MIRAI_PLUGIN_CALL_TIMEOUTS. */
function callTimeouts(fallback: number, overrides: Partial<Record<Capability, number>>): Record<Capability, number> {
  return Object.fromEntries(CAPABILITIES.map((capability) => [capability, overrides[capability] ?? fallback])) as Record<Capability, number>;
}

/** One server (REDIS_URL) or a primary found through Sentinel; both at once would leave it unclear which is meant. */
function redisTarget(values: ConfigValues): RedisTarget | undefined {
  const sentinels = values.MIRAI_REDIS_SENTINELS;
  if (sentinels.length === 0) return values.REDIS_URL;
  if (values.REDIS_URL !== undefined)
    throw invalidVariable('MIRAI_REDIS_SENTINELS', 'and REDIS_URL are both set; set REDIS_URL for one server or the sentinels for a replicated one');
  return {
    sentinels,
    name: values.MIRAI_REDIS_SENTINEL_NAME,
    password: values.MIRAI_REDIS_PASSWORD,
    sentinelPassword: values.MIRAI_REDIS_SENTINEL_PASSWORD,
  };
}

/**
 * Reads and validates the configuration once; a bad value fails start-up naming the variable. Each
 * variable is parsed by its entry in CONFIG_VARIABLES; here only the checks across variables and the
 * shape of MiraiConfig.
 */
export function loadConfig(env: Env = process.env): MiraiConfig {
  const values = readConfigValues(env);
  const databaseUrl = values.DATABASE_URL;
  const redis = redisTarget(values);
  const queueBackend = values.QUEUE_BACKEND ?? (redis === undefined ? 'embedded' : 'redis');
  if (queueBackend === 'redis' && redis === undefined)
    throw invalidVariable('QUEUE_BACKEND', 'is redis, so REDIS_URL (or MIRAI_REDIS_SENTINELS) must be set');
  if (queueBackend === 'postgres' && databaseUrl === undefined)
    throw invalidVariable('QUEUE_BACKEND', 'is postgres, so DATABASE_URL must be set (the embedded database cannot host BullMQ)');
  if (databaseUrl !== undefined && values.MIRAI_SECRET_KEY === undefined)
    throw invalidVariable('MIRAI_SECRET_KEY', 'is required when DATABASE_URL is set (generate one with: openssl rand -base64 32)');
  if (values.MIRAI_PLUGIN_RUNTIME_URL !== undefined && values.MIRAI_PLUGIN_RUNTIME_TOKEN === undefined)
    throw invalidVariable('MIRAI_PLUGIN_RUNTIME_TOKEN', 'is required when MIRAI_PLUGIN_RUNTIME_URL is set (the key it shares with the runtime)');
  return {
    port: values.PORT,
    host: values.HOST,
    logLevel: values.LOG_LEVEL,
    dataDir: values.MIRAI_DATA_DIR,
    databaseUrl,
    databasePoolMax: values.DATABASE_POOL_MAX,
    redis,
    queueBackend,
    queueNamespace: values.MIRAI_QUEUE_NAMESPACE,
    workerConcurrency: values.MIRAI_WORKER_CONCURRENCY,
    jobStaleSeconds: values.MIRAI_JOB_STALE_SECONDS,
    tenantJobLimit: values.MIRAI_TENANT_JOB_LIMIT,
    tenantJobReserve: values.MIRAI_TENANT_JOB_RESERVE,
    secretKey: values.MIRAI_SECRET_KEY,
    publicUrl: values.MIRAI_PUBLIC_URL.replace(/\/$/, ''),
    appUrl: values.MIRAI_APP_URL.replace(/\/$/, ''),
    corsOrigins: values.MIRAI_CORS_ORIGINS,
    authProvider: values.MIRAI_AUTH_PROVIDER,
    mailProvider: values.MIRAI_MAIL_PROVIDER,
    pluginPaths: values.MIRAI_PLUGIN_PATHS,
    defaultTenantPlugins: values.MIRAI_DEFAULT_TENANT_PLUGINS,
    aiPrices: values.MIRAI_AI_PRICES,
    uploadMaxBytes: values.MIRAI_UPLOAD_MAX_BYTES,
    mediaMaxBytes: values.MIRAI_MEDIA_MAX_BYTES,
    contentOrigin: values.MIRAI_CONTENT_ORIGIN.replace(/\/$/, ''),
    contentPort: values.MIRAI_CONTENT_PORT,
    scormLimits: {
      maxZipBytes: values.MIRAI_SCORM_MAX_ZIP_BYTES,
      maxEntries: values.MIRAI_SCORM_MAX_FILES,
      maxTotalBytes: values.MIRAI_SCORM_MAX_UNPACKED_BYTES,
      maxEntryBytes: values.MIRAI_SCORM_MAX_UNPACKED_BYTES,
      maxRatio: values.MIRAI_SCORM_MAX_RATIO,
    },
    documentLimits: {
      maxBytes: values.MIRAI_DOCUMENT_MAX_BYTES,
      maxPages: values.MIRAI_DOCUMENT_MAX_PAGES,
      timeoutMs: values.MIRAI_DOCUMENT_EXTRACT_SECONDS * 1000,
    },
    pluginsIgnoringEngine: values.MIRAI_PLUGINS_IGNORE_ENGINE,
    pluginRegisterTimeoutMs: values.MIRAI_PLUGIN_REGISTER_TIMEOUT_MS,
    egressAllow: values.MIRAI_EGRESS_ALLOW,
    pluginTrustedKeys: values.MIRAI_PLUGIN_TRUSTED_KEYS,
    pluginsAllowUnsigned: values.MIRAI_PLUGINS_ALLOW_UNSIGNED,
    pluginCatalogue: values.MIRAI_PLUGIN_CATALOGUE,
    pluginRegistry: values.MIRAI_PLUGIN_REGISTRY,
    pluginsTrusted: values.MIRAI_PLUGINS_TRUSTED,
    pluginsEgressApproved: values.MIRAI_PLUGINS_EGRESS_APPROVED,
    sandboxCallTimeoutMs: values.MIRAI_SANDBOX_CALL_TIMEOUT_MS,
    sandboxMemoryMb: values.MIRAI_SANDBOX_MEMORY_MB,
    pluginRuntime: { url: values.MIRAI_PLUGIN_RUNTIME_URL, token: values.MIRAI_PLUGIN_RUNTIME_TOKEN },
    pluginSettings: values.MIRAI_PLUGIN_SETTINGS_FILE,
    pluginEnvSettings: pluginSettingsFromEnv(env),
    pluginsRequired: values.MIRAI_PLUGINS_REQUIRED,
    pluginCallTimeoutMs: callTimeouts(values.MIRAI_PLUGIN_CALL_TIMEOUT_MS, values.MIRAI_PLUGIN_CALL_TIMEOUTS),
    sessionTtlHours: values.MIRAI_SESSION_TTL_HOURS,
    trustProxy: values.MIRAI_TRUST_PROXY,
    bodyLimitBytes: values.MIRAI_BODY_LIMIT_BYTES,
    authRateLimitPerMinute: values.MIRAI_AUTH_RATE_LIMIT_PER_MINUTE,
    authLockoutThreshold: values.MIRAI_AUTH_LOCKOUT_THRESHOLD,
    authLockoutSeconds: values.MIRAI_AUTH_LOCKOUT_SECONDS,
    billingReconcileSeconds: values.MIRAI_BILLING_RECONCILE_SECONDS,
    notificationsPollMs: values.MIRAI_NOTIFICATIONS_POLL_MS,
    reminderDueDays: values.MIRAI_REMINDER_DUE_DAYS,
    reminderCheckSeconds: values.MIRAI_REMINDER_CHECK_SECONDS,
    metrics: { port: values.MIRAI_METRICS_PORT, token: values.MIRAI_METRICS_TOKEN, tenantClasses: values.MIRAI_METRICS_TENANT_CLASSES },
    tracing:
      values.OTEL_EXPORTER_OTLP_ENDPOINT === undefined
        ? undefined
        : { endpoint: values.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: values.OTEL_SERVICE_NAME },
  };
}
