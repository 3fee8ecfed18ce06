import { BORROW_RESERVE, DEFAULT_TENANT_JOB_LIMIT } from '../jobs/tenant-job-defaults.ts';
import {
  aiPrices,
  callTimeoutOverrides,
  egressAllow,
  flag,
  hostPorts,
  integer,
  labelMap,
  list,
  logLevel,
  MAX_CALL_TIMEOUT_MS,
  type OptionalParser,
  optional,
  type Parser,
  pluginSettingsFile,
  queueBackend,
  runtimeToken,
  secretKey,
  text,
  url,
} from './config-parsers.ts';

/**
 * Every environment variable the server reads: its name, default, parser and meaning. `loadConfig`
 * reads each variable through its entry here (readConfigValues) and takes defaults from nowhere
 * else. The README's configuration table is checked against this list by a test, so keep
 * descriptions short.
 */
interface VariableDoc {
  name: string;
  description: string;
}
/** A variable with a default: its parser always gets text. */
interface DefaultedVariable extends VariableDoc {
  /** Shown in docs. */
  default: string;
  parse: Parser<unknown>;
}
/** A variable without a default: its parser gets undefined when it is unset. */
interface UnsetVariable extends VariableDoc {
  default?: undefined;
  parse: OptionalParser<unknown>;
}
export type ConfigVariable = DefaultedVariable | UnsetVariable;

export const CONFIG_VARIABLES = [
  { name: 'PORT', default: '8080', parse: integer(0, 65535), description: 'HTTP port of the API.' },
  { name: 'HOST', default: '127.0.0.1', parse: text, description: 'Interface to listen on; set 0.0.0.0 in containers.' },
  { name: 'LOG_LEVEL', default: 'info', parse: logLevel, description: 'pino log level: fatal, error, warn, info, debug, trace or silent.' },
  { name: 'MIRAI_DATA_DIR', default: '.mirai', parse: text, description: 'Embedded mode: where PGlite data and the generated secret key live.' },
  {
    name: 'DATABASE_URL',
    parse: optional(url(['postgres:', 'postgresql:'])),
    description: 'PostgreSQL URL; unset means embedded PGlite in MIRAI_DATA_DIR.',
  },
  {
    name: 'DATABASE_POOL_MAX',
    default: '10',
    parse: integer(1, 500),
    description: 'Server mode: most connections per process (embedded mode always uses exactly one).',
  },
  {
    name: 'REDIS_URL',
    parse: optional(url(['redis:', 'rediss:'])),
    description: 'Redis URL for jobs and pub/sub; unset means the embedded adapter.',
  },
  {
    name: 'MIRAI_REDIS_SENTINELS',
    parse: hostPorts,
    description: 'Comma-separated host:port of Redis Sentinels; set instead of REDIS_URL to follow the primary across failovers.',
  },
  {
    name: 'MIRAI_REDIS_SENTINEL_NAME',
    default: 'mirai',
    parse: text,
    description: 'With MIRAI_REDIS_SENTINELS: the primary name the sentinels monitor.',
  },
  { name: 'MIRAI_REDIS_PASSWORD', parse: optional(text), description: 'With MIRAI_REDIS_SENTINELS: password of the Redis primary and replicas.' },
  { name: 'MIRAI_REDIS_SENTINEL_PASSWORD', parse: optional(text), description: 'With MIRAI_REDIS_SENTINELS: password of the sentinels.' },
  {
    name: 'QUEUE_BACKEND',
    parse: queueBackend,
    description:
      'Job transport: embedded, redis (BullMQ on Redis) or postgres (BullMQ on DATABASE_URL). Default: redis with REDIS_URL or sentinels, else embedded.',
  },
  {
    name: 'MIRAI_QUEUE_NAMESPACE',
    default: 'mirai',
    parse: text,
    description: 'Prefix of BullMQ keys and pub/sub channels in Redis (schema name with QUEUE_BACKEND=postgres); one per deployment.',
  },
  {
    name: 'MIRAI_WORKER_CONCURRENCY',
    default: '4',
    parse: integer(1, 256),
    description: 'Jobs one worker process runs at once (lessons are written in parallel up to this).',
  },
  {
    name: 'MIRAI_JOB_STALE_SECONDS',
    default: '60',
    parse: integer(2, 86_400),
    description: 'A running job without a heartbeat this long is re-delivered by the recovery sweep.',
  },
  {
    name: 'MIRAI_TENANT_JOB_LIMIT',
    default: String(DEFAULT_TENANT_JOB_LIMIT),
    parse: integer(1, 10_000),
    description:
      "Jobs of one tenant in flight at once while other tenants' jobs wait; beyond it a tenant only borrows idle worker slots (see below).",
  },
  {
    name: 'MIRAI_TENANT_JOB_RESERVE',
    default: String(BORROW_RESERVE),
    parse: integer(0, 256),
    description: "Worker slots never lent beyond a tenant's limit, so another tenant's first job starts at once; 0 lends every idle slot.",
  },
  {
    name: 'MIRAI_SECRET_KEY',
    parse: optional(secretKey),
    description: 'Base64 of 32 bytes; encrypts plugin secrets. Required with DATABASE_URL; generated into MIRAI_DATA_DIR otherwise.',
  },
  {
    name: 'MIRAI_PUBLIC_URL',
    default: 'http://localhost:8080',
    parse: url(['http:', 'https:']),
    description: 'Public base URL of the API, used in links handed to browsers.',
  },
  {
    name: 'MIRAI_APP_URL',
    default: 'http://localhost:3000',
    parse: url(['http:', 'https:']),
    description: "Public base URL of the web app, for links to its pages in API answers (e.g. a 402's upgradeUrl).",
  },
  {
    name: 'MIRAI_CORS_ORIGINS',
    default: 'http://localhost:3000,http://127.0.0.1:3000',
    parse: list(','),
    description: 'Comma-separated browser origins allowed to call the API.',
  },
  { name: 'MIRAI_AUTH_PROVIDER', default: 'auth-local', parse: text, description: 'Name of the plugin that authenticates users.' },
  { name: 'MIRAI_MAIL_PROVIDER', default: 'mail-smtp', parse: text, description: 'Name of the plugin that sends mail (e-mail verification links).' },
  {
    name: 'MIRAI_UPLOAD_MAX_BYTES',
    default: '104857600',
    parse: integer(1, 10 * 1024 ** 3),
    description: 'Largest file a presigned upload accepts (100 MiB); video and audio have their own limit.',
  },
  {
    name: 'MIRAI_MEDIA_MAX_BYTES',
    default: '209715200',
    parse: integer(1, 10 * 1024 ** 3),
    description: 'Largest video or audio file a presigned upload accepts (200 MiB); exports carry these files too.',
  },
  {
    name: 'MIRAI_CONTENT_ORIGIN',
    default: 'http://127.0.0.1:8081',
    parse: url(['http:', 'https:']),
    description: 'Separate origin that serves imported SCORM package files and the SCORM launcher (never the app or API origin).',
  },
  {
    name: 'MIRAI_CONTENT_PORT',
    default: '8081',
    parse: integer(0, 65535),
    description: 'HTTP port of the content origin server started beside the API.',
  },
  {
    name: 'MIRAI_SCORM_MAX_ZIP_BYTES',
    default: '524288000',
    parse: integer(1024, 10 * 1024 ** 3),
    description: 'Largest SCORM package zip that is imported (500 MiB).',
  },
  {
    name: 'MIRAI_SCORM_MAX_UNPACKED_BYTES',
    default: '1073741824',
    parse: integer(1024, 100 * 1024 ** 3),
    description: 'Most bytes a SCORM package may unpack to (1 GiB).',
  },
  { name: 'MIRAI_SCORM_MAX_FILES', default: '10000', parse: integer(1, 1_000_000), description: 'Most entries a SCORM package zip may hold.' },
  {
    name: 'MIRAI_SCORM_MAX_RATIO',
    default: '200',
    parse: integer(2, 100_000),
    description: 'Largest compression ratio of a SCORM package or of an entry over 1 MiB (zip-bomb guard).',
  },
  {
    name: 'MIRAI_DOCUMENT_MAX_BYTES',
    default: '20971520',
    parse: integer(1024, 1024 ** 3),
    description: 'Largest SME document (PDF, DOCX, text, Markdown, web page) whose text is extracted (20 MiB).',
  },
  {
    name: 'MIRAI_DOCUMENT_MAX_PAGES',
    default: '500',
    parse: integer(1, 100_000),
    description: 'Most pages of a PDF SME document that text extraction reads.',
  },
  {
    name: 'MIRAI_DOCUMENT_EXTRACT_SECONDS',
    default: '120',
    parse: integer(1, 3_600),
    description: 'Longest text extraction of one SME document before its job fails.',
  },
  {
    name: 'MIRAI_DEFAULT_TENANT_PLUGINS',
    default: 'ai-offline,storage-fs,export-scorm,export-cmi5,export-cc,export-html',
    parse: list(','),
    description: 'Plugins enabled for every organisation until it configures them itself.',
  },
  {
    name: 'MIRAI_AI_PRICES',
    parse: aiPrices,
    description:
      'AI prices per million tokens as JSON, {"currency":"USD","models":{"<plugin>/<model or *>":{"input":n,"output":n}}}; see docs/generation.md.',
  },
  { name: 'MIRAI_PLUGIN_PATHS', parse: list(':'), description: 'Extra directories (":"-separated) holding plugin packages, e.g. partner plugins.' },
  {
    name: 'MIRAI_PLUGINS_IGNORE_ENGINE',
    parse: list(','),
    description: 'Comma-separated plugin names allowed to load despite an incompatible engine range.',
  },
  {
    name: 'MIRAI_PLUGIN_SETTINGS_FILE',
    parse: pluginSettingsFile,
    description:
      'JSON file of operator settings per plugin ({"billing-stripe": {...}}), read at start; such plugins are configured for every organisation.',
  },
  {
    name: 'MIRAI_EGRESS_ALLOW',
    parse: egressAllow,
    description: 'Destinations plugins may reach although private or loopback, and over plain http: hosts, host:port, IPs, CIDRs (comma-separated).',
  },
  {
    name: 'MIRAI_PLUGIN_TRUSTED_KEYS',
    parse: list(','),
    description: 'Comma-separated publisher public keys (`mirai-plugin keygen`) whose signed plugin packages may load.',
  },
  {
    name: 'MIRAI_PLUGIN_CATALOGUE',
    parse: list(','),
    description: 'Comma-separated plugin package names organisation owners may install for themselves (signed, run sandboxed).',
  },
  {
    name: 'MIRAI_PLUGIN_REGISTRY',
    default: 'https://registry.npmjs.org/',
    parse: url(['http:', 'https:']),
    description: 'The npm registry the plugin catalogue is read and downloaded from.',
  },
  {
    name: 'MIRAI_PLUGINS_ALLOW_UNSIGNED',
    default: 'false',
    parse: flag,
    description: 'Development only: `true` loads partner plugins that carry no signature.',
  },
  {
    name: 'MIRAI_PLUGINS_TRUSTED',
    parse: list(','),
    description:
      'Comma-separated partner packages (npm names) that run in-process as trusted; every other partner package runs sandboxed in workerd.',
  },
  {
    name: 'MIRAI_PLUGINS_EGRESS_APPROVED',
    parse: list(','),
    description:
      'Comma-separated sandboxed packages whose declared egress hosts (signed `mirai.egress`) the operator approves; others reach no network.',
  },
  {
    name: 'MIRAI_SANDBOX_CALL_TIMEOUT_MS',
    default: '30000',
    parse: integer(100, 3_600_000),
    description: 'Wall-clock (so also CPU) limit of each call to a sandboxed plugin; past it its process is killed and restarted.',
  },
  {
    name: 'MIRAI_SANDBOX_MEMORY_MB',
    default: '128',
    parse: integer(16, 8192),
    description: 'V8 heap cap of each sandboxed plugin process (resident memory may reach twice that plus 128 MiB).',
  },
  {
    name: 'MIRAI_PLUGIN_RUNTIME_URL',
    parse: optional(url(['tcp:'])),
    description:
      'tcp://host:port of a `mirai plugin-runtime` that runs the sandboxed plugins (its own port too); unset runs them as children of each process.',
  },
  {
    name: 'MIRAI_PLUGIN_RUNTIME_TOKEN',
    parse: optional(runtimeToken),
    description:
      'Key (32+ characters) the plugin runtime and its callers share (TLS-PSK); required by `mirai plugin-runtime` and with MIRAI_PLUGIN_RUNTIME_URL.',
  },
  {
    name: 'MIRAI_PLUGIN_REGISTER_TIMEOUT_MS',
    default: '10000',
    parse: integer(10, 600_000),
    description: 'How long a plugin may take to register or start.',
  },
  {
    name: 'MIRAI_PLUGINS_REQUIRED',
    parse: list(','),
    description:
      'Comma-separated plugins that must register and start, or the server does not boot (the auth provider always must); others are disabled.',
  },
  {
    name: 'MIRAI_PLUGIN_CALL_TIMEOUT_MS',
    default: '600000',
    parse: integer(10, MAX_CALL_TIMEOUT_MS),
    description: 'Host-side time limit of one plugin call (a stream: until its last chunk).',
  },
  {
    name: 'MIRAI_PLUGIN_CALL_TIMEOUTS',
    parse: callTimeoutOverrides,
    description: 'Per-capability overrides of MIRAI_PLUGIN_CALL_TIMEOUT_MS, e.g. exporter=1800000,auth=5000.',
  },
  { name: 'MIRAI_SESSION_TTL_HOURS', default: '336', parse: integer(1, 24 * 365), description: 'Lifetime of a sign-in session (14 days).' },
  {
    name: 'MIRAI_TRUST_PROXY',
    parse: list(','),
    description: 'Proxies whose X-Forwarded-For is believed (e.g. loopback or 10.0.0.0/8); unset trusts none.',
  },
  { name: 'MIRAI_BODY_LIMIT_BYTES', default: '1048576', parse: integer(1024, 100 * 1_048_576), description: 'Largest accepted JSON request body.' },
  {
    name: 'MIRAI_AUTH_RATE_LIMIT_PER_MINUTE',
    default: '20',
    parse: integer(1, 1_000_000),
    description: 'Sign-in and sign-up attempts per client address per minute.',
  },
  {
    name: 'MIRAI_AUTH_LOCKOUT_THRESHOLD',
    default: '5',
    parse: integer(1, 1_000),
    description: 'Failed password sign-ins to one account (from any address) before it is locked; a success resets the count.',
  },
  {
    name: 'MIRAI_AUTH_LOCKOUT_SECONDS',
    default: '30',
    parse: integer(1, 86_400),
    description: 'First account lock; each further failure doubles it, up to an hour. Shared through Redis when REDIS_URL is set.',
  },
  {
    name: 'MIRAI_BILLING_RECONCILE_SECONDS',
    default: '900',
    parse: integer(1, 86_400),
    description: 'Period of billing reconciliation with the provider (once per period across all workers).',
  },
  {
    name: 'MIRAI_NOTIFICATIONS_POLL_MS',
    default: '5000',
    parse: integer(100, 60_000),
    description:
      'How often job-running processes look for notification sources no event announces (assignments, completions); job outcomes are noticed at once.',
  },
  {
    name: 'MIRAI_REMINDER_DUE_DAYS',
    default: '3',
    parse: integer(1, 60),
    description: 'Learners are reminded of an assigned course this many days before it is due (and once when it is overdue).',
  },
  {
    name: 'MIRAI_REMINDER_CHECK_SECONDS',
    default: '3600',
    parse: integer(1, 86_400),
    description: 'Period of the due-date reminder run (once per period across all workers).',
  },
  {
    name: 'MIRAI_METRICS_PORT',
    parse: optional(integer(1, 65535)),
    description: 'Serve /metrics on this port (on HOST) instead of the main one; the PodMonitor scrapes it, the ingress never routes to it.',
  },
  {
    name: 'MIRAI_METRICS_TOKEN',
    parse: optional(text),
    description: 'Bearer token /metrics requires. Server mode without it serves /metrics only on MIRAI_METRICS_PORT.',
  },
  {
    name: 'MIRAI_METRICS_TENANT_CLASSES',
    parse: labelMap,
    description: 'Comma-separated <tenant id>=<class> pairs for the tenant_class label of job metrics; other tenants are standard.',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    parse: optional(url(['http:', 'https:'])),
    description: 'OTLP/HTTP collector base URL (traces go to <url>/v1/traces). Unset: tracing off and its SDK never loaded.',
  },
  { name: 'OTEL_SERVICE_NAME', default: 'mirai', parse: text, description: 'service.name of exported traces (e.g. mirai-api, mirai-worker).' },
] as const satisfies readonly ConfigVariable[];

type ConfigVariableEntry = (typeof CONFIG_VARIABLES)[number];
export type ConfigVariableName = ConfigVariableEntry['name'];
/** The variables that have a default in the table above. */
export type DefaultedVariableName = Extract<ConfigVariableEntry, { default: string }>['name'];
/** Every variable's parsed value, typed by its entry's parser. */
export type ConfigValues = { [Entry in ConfigVariableEntry as Entry['name']]: ReturnType<Entry['parse']> };

const TABLE: readonly ConfigVariable[] = CONFIG_VARIABLES;

const DEFAULTS = new Map<string, string>(
  TABLE.flatMap((variable): [string, string][] => (variable.default === undefined ? [] : [[variable.name, variable.default]])),
);

/** A variable's default from the table above, the one place a default is written; undefined when it has none. */
export function configDefault(name: DefaultedVariableName): string;
export function configDefault(name: ConfigVariableName): string | undefined;
export function configDefault(name: ConfigVariableName): string | undefined {
  return DEFAULTS.get(name);
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads every variable through its entry, in table order: blank counts as unset, unset takes the default. Throws on the first bad value. */
export function readConfigValues(env: Env): ConfigValues {
  const values = new Map<string, unknown>();
  for (const variable of TABLE) {
    const set = env[variable.name]?.trim();
    const raw = set === '' ? undefined : set;
    values.set(
      variable.name,
      variable.default === undefined ? variable.parse(raw, variable.name) : variable.parse(raw ?? variable.default, variable.name),
    );
  }
  // The one assertion: TypeScript cannot follow a loop filling a mapped type. Each name's value is
  // what that name's own parser returned, which is exactly what ConfigValues states.
  return Object.fromEntries(values) as ConfigValues;
}
