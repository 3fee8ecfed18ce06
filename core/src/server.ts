import { randomUUID } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PluginDefinition, PluginStateStore } from '@mirai/sdk-plugin';
import { createEgressGuard } from '@mirai/sdk-plugin';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { withTimeout } from './async/with-timeout.ts';
import { type BackgroundServices, createBackgroundServices, type ProcessRole } from './background/background-services.ts';
import type { MiraiConfig } from './config/config.ts';
import { loadOrCreateEmbeddedSecretKey } from './config/embedded-secret-key.ts';
import { type ChangeNoticeListener, type ChangeNoticeSink, listenForChangeNotices } from './db/change-notice-listener.ts';
import { createOrm } from './db/create-orm.ts';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './db/embedded-database.ts';
import { migrate, type Orm } from './db/orm.ts';
import { problemDetails } from './errors/problem-details.ts';
import { inputRules } from './http/input-rules.ts';
import { lazySerializerFactory, lazyValidatorFactory } from './http/lazy-schema-compilers.ts';
import { openApi } from './http/openapi.ts';
import { requestLogOptions } from './http/request-log.ts';
import { requestScope } from './http/request-scope.ts';
import { security } from './http/security.ts';
import { JobsService } from './jobs/jobs.service.ts';
import { AiRoutingService } from './modules/ai-routing/ai-routing.service.ts';
import { BillingService } from './modules/billing/billing.service.ts';
import { billingReconcileTask } from './modules/billing/billing-reconciler.ts';
import { BillingUsageReporter } from './modules/billing/billing-usage-reporter.ts';
import { CertificatesService } from './modules/certificates/certificates.service.ts';
import { SigningKeys } from './modules/certificates/signing-keys.ts';
import { cmi5ContentRoutes } from './modules/cmi5/cmi5-content.ts';
import { Cmi5ImportService } from './modules/cmi5/cmi5-import.service.ts';
import { Cmi5LaunchService } from './modules/cmi5/cmi5-launch.service.ts';
import { Cmi5LmsStatements } from './modules/cmi5/cmi5-lms-statements.ts';
import { Cmi5SessionsService } from './modules/cmi5/cmi5-sessions.service.ts';
import { COURSE_LIST_CHANNEL, CourseListCache } from './modules/courses/course-list-cache.ts';
import { CoursesService } from './modules/courses/courses.service.ts';
import { LessonsService } from './modules/courses/lessons.service.ts';
import { OutlineService } from './modules/courses/outline.service.ts';
import { ExportsService } from './modules/exports/exports.service.ts';
import { GenerationService } from './modules/generation/generation.service.ts';
import { UsageService } from './modules/generation/usage.service.ts';
import { AssignmentsService } from './modules/groups/assignments.service.ts';
import { EnrolmentSync } from './modules/groups/enrolment-sync.ts';
import { GroupsService } from './modules/groups/groups.service.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { AuthService } from './modules/identity/auth.service.ts';
import { IDENTITY_CHANNEL, IdentityCache } from './modules/identity/identity-cache.ts';
import { IdentityLinker } from './modules/identity/identity-linker.ts';
import { invitationComposer } from './modules/identity/invitation-mail.ts';
import { LinkTokens } from './modules/identity/link-tokens.ts';
import { MembersService } from './modules/identity/members.service.ts';
import { EmailChangeService } from './modules/identity/recovery/email-change.service.ts';
import { PasswordChangeService } from './modules/identity/recovery/password-change.service.ts';
import { PasswordResetService } from './modules/identity/recovery/password-reset.service.ts';
import { SessionService } from './modules/identity/session.service.ts';
import { SessionAuthenticator } from './modules/identity/session-authenticator.ts';
import { MemoryAttemptStore } from './modules/identity/throttle/memory-attempt-store.ts';
import { RedisAttemptStore } from './modules/identity/throttle/redis-attempt-store.ts';
import { SignInThrottle } from './modules/identity/throttle/sign-in-throttle.ts';
import { EmailVerificationService } from './modules/identity/verification/email-verification.service.ts';
import { AudiencesService } from './modules/knowledge/audiences.service.ts';
import { DocumentIntakeService } from './modules/knowledge/document-intake.service.ts';
import { KnowledgeService } from './modules/knowledge/knowledge.service.ts';
import { EnrolmentsService } from './modules/learning/enrolments.service.ts';
import { PublishingService } from './modules/learning/publishing.service.ts';
import { ltiParts } from './modules/lti/lti-parts.ts';
import { MODULES } from './modules/modules.ts';
import { NOTIFYING_JOB_EVENTS, NotificationFeed } from './modules/notifications/notification-feed.ts';
import { notificationComposer } from './modules/notifications/notification-mail.ts';
import { pendingNotifications } from './modules/notifications/notification-sources.ts';
import { NotificationsService } from './modules/notifications/notifications.service.ts';
import { Notifier, unreadCount } from './modules/notifications/notifier.ts';
import { remindersTask } from './modules/notifications/reminders.ts';
import { TenantInstallsService } from './modules/plugins/tenant-installs.service.ts';
import { TenantPluginRuntime } from './modules/plugins/tenant-plugin-runtime.ts';
import { TenantPluginsService } from './modules/plugins/tenant-plugins.service.ts';
import { buildContentServer } from './modules/scorm/content-server.ts';
import { ContentTokens } from './modules/scorm/content-tokens.ts';
import { ScormAttemptsService } from './modules/scorm/scorm-attempts.service.ts';
import { ScormImportService } from './modules/scorm/scorm-import.service.ts';
import { UploadsService } from './modules/storage/uploads.service.ts';
import { XapiCredentialsService } from './modules/xapi/xapi-credentials.service.ts';
import { XapiDocumentsService } from './modules/xapi/xapi-documents.service.ts';
import { XapiStatementsService } from './modules/xapi/xapi-statements.service.ts';
import httpObservability from './observability/http-observability.ts';
import { JobObserver } from './observability/job-observer.ts';
import { registerScrapeTimeMetrics } from './observability/metrics-collectors.ts';
import { metricsRoute } from './observability/metrics-route.ts';
import { listenForMetrics, type MetricsServer } from './observability/metrics-server.ts';
import { MiraiMetrics } from './observability/mirai-metrics.ts';
import { PluginCallObserver } from './observability/plugin-call-observer.ts';
import { tenantClasses } from './observability/tenant-classes.ts';
import { startTracing, type Tracing } from './observability/tracing-sdk.ts';
import { REPO_DIR } from './paths.ts';
import { type DiscoveryRoots, discoverPlugins } from './plugin-host/plugin-discovery.ts';
import { PluginHost, tenantStateNamespace } from './plugin-host/plugin-host.ts';
import { type LoadedPlugin, loadPlugins } from './plugin-host/plugin-loader.ts';
import { orderByDependencies } from './plugin-host/plugin-order.ts';
import { pluginPackagesDir } from './plugin-host/plugin-packages.ts';
import { pluginRoutes } from './plugin-host/plugin-routes.ts';
import { createPluginStateStore } from './plugin-host/plugin-state-store.ts';
import { trustPolicy } from './plugin-host/plugin-trust.ts';
import { serverTrustPolicy } from './plugin-host/plugins-command.ts';
import { createPluginSandbox, createRemoteSandboxEngine, type PluginSandbox } from './plugin-host/sandbox/index.ts';
import { SecretBox } from './plugin-host/secret-box.ts';
import { PluginRegistryClient } from './plugin-host/tenant-packages/plugin-registry-client.ts';
import { TenantPackageStore } from './plugin-host/tenant-packages/tenant-package-store.ts';
import { accessNoticesOn } from './realtime/access-notice.ts';
import { websocketRoutes } from './realtime/websocket.routes.ts';
import { WsTickets } from './realtime/ws-tickets.ts';

export const CORE_VERSION = '0.1.0';

export interface BuildOptions {
  /** api: HTTP only (server-mode replicas); worker: jobs only (health routes); all: both (embedded, dev). */
  role?: ProcessRole;
  /** Apply pending migrations before serving (dev and tests); `mirai start` expects them applied. */
  migrate?: boolean;
  /** Where to look for plugins; defaults to the repository's plugins/ and installed packages. */
  pluginRoots?: DiscoveryRoots;
  /** `mirai dev --plugin <dir>`: plugin package folders the developer is working on (trusted). */
  devPlugins?: string[];
  /** Plugins defined in this process rather than found on disk (the host contract tests run the SDK's probe this way). */
  inProcessPlugins?: PluginDefinition[];
  /** Runs untrusted partner plugins and the plugins organisations install for themselves; default: workerd (`createPluginSandbox`). Closed with the server. */
  sandbox?: PluginSandbox;
}

export interface MiraiServer {
  app: ReturnType<typeof createApp>;
  orm: Orm;
  host: PluginHost;
  background: BackgroundServices;
  /** Per-tenant plugin state; other modules resolve enabled providers through it. */
  plugins: TenantPluginsService;
  uploads: UploadsService;
  /** The content origin's server (SCORM package files and launcher); the CLI listens on MIRAI_CONTENT_PORT. Undefined in the worker role. */
  content: FastifyInstance | undefined;
  /** Entitlements and usage reporting; undefined only if the build failed before wiring them. */
  billing: { service: BillingService; usageReporter: BillingUsageReporter } | undefined;
  config: MiraiConfig;
  /** This process's Prometheus series. */
  metrics: MiraiMetrics;
  /** The MIRAI_METRICS_PORT listener, when configured. */
  metricsServer: MetricsServer | null;
  /** The embedded database this process runs (PGlite on its own thread); null in server mode. */
  embeddedDatabase: EmbeddedDatabase | null;
  /** Stops accepting requests, drains in-flight ones, stops plugins, closes the database. */
  close(): Promise<void>;
}

function createApp(config: MiraiConfig) {
  return Fastify({
    logger: requestLogOptions(config.logLevel),
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    trustProxy: config.trustProxy.length === 0 ? false : config.trustProxy,
    // Every invalid field is reported at once; the body limit bounds the cost of doing so.
    ajv: { customOptions: { removeAdditional: false, allErrors: true } },
    // Validators and serializers are compiled per route on first use, not all while starting.
    schemaController: { compilersFactory: { buildValidator: lazyValidatorFactory(), buildSerializer: lazySerializerFactory() } },
  }).withTypeProvider<TypeBoxTypeProvider>();
}

export function defaultPluginRoots(config: MiraiConfig, devPlugins: string[] = []): DiscoveryRoots {
  return {
    packages: devPlugins,
    firstParty: [join(REPO_DIR, 'plugins')],
    directories: config.pluginPaths.map((path) => (isAbsolute(path) ? path : resolve(path))),
    installed: [pluginPackagesDir(config.dataDir)],
  };
}

interface OpenDatabase {
  orm: Orm;
  embedded: EmbeddedDatabase | null;
  url: string;
  changeNotices: ChangeNoticeListener;
}

/** The database, and the change notices the caches of API processes rely on (`sinks`: channel → cache). */
async function openDatabase(config: MiraiConfig, sinks: ReadonlyMap<string, ChangeNoticeSink>, logger: FastifyBaseLogger): Promise<OpenDatabase> {
  const notifications =
    sinks.size === 0
      ? undefined
      : { channels: [...sinks.keys()], onNotification: (channel: string, payload: string) => sinks.get(channel)?.changed(payload) };
  const hearing = (yes: boolean) => {
    for (const sink of sinks.values()) sink.hearing(yes);
  };
  if (config.databaseUrl !== undefined) {
    const orm = await createOrm({ url: config.databaseUrl, poolMax: config.databasePoolMax, notifications });
    const changeNotices = listenForChangeNotices({
      connectionString: config.databaseUrl,
      sinks,
      onError: (error) =>
        logger.warn({ err: error }, 'change notices interrupted; sessions and course lists are read from the database until they resume'),
    });
    return { orm, embedded: null, url: config.databaseUrl, changeNotices };
  }
  const embedded = await startEmbeddedDatabase(resolve(config.dataDir));
  try {
    const orm = await createOrm({ url: embedded.url, poolMax: 1, notifications });
    // PGlite is one session, which listens from its first statement, and the only writer is this process.
    hearing(true);
    return { orm, embedded, url: embedded.url, changeNotices: { close: async () => hearing(false) } };
  } catch (error) {
    await embedded.close();
    throw error;
  }
}

/** Sign-in counters shared by every replica through Redis in server mode; in this process otherwise. */
function signInThrottle(config: MiraiConfig, logger: FastifyBaseLogger): SignInThrottle {
  const store =
    config.redis === undefined
      ? new MemoryAttemptStore()
      : new RedisAttemptStore(config.redis, `${config.queueNamespace}:sign-in:`, (error) =>
          logger.warn({ err: error }, 'sign-in throttle: Redis connection error'),
        );
  return new SignInThrottle(store, {
    perClientPerMinute: config.authRateLimitPerMinute,
    lockout: { threshold: config.authLockoutThreshold, baseMs: config.authLockoutSeconds * 1000, maxMs: 3_600_000, memoryMs: 86_400_000 },
  });
}

/** With MIRAI_PLUGIN_RUNTIME_URL the sandboxes run on the plugin runtime; state, assets and progress stay here. */
function remoteEngine(config: MiraiConfig, logger: FastifyBaseLogger, state: (plugin: string, tenantId: string) => PluginStateStore) {
  const { url, token } = config.pluginRuntime;
  if (url === undefined || token === undefined) return {};
  return { engine: createRemoteSandboxEngine({ url, token, logger, state }) };
}

/** Finds, checks and imports (or sandboxes) the plugins, in dependency order; nothing of them runs yet. */
async function loadServerPlugins(config: MiraiConfig, options: BuildOptions, sandbox: PluginSandbox): Promise<LoadedPlugin[]> {
  const candidates = await discoverPlugins(options.pluginRoots ?? defaultPluginRoots(config, options.devPlugins ?? []));
  const inProcess = (options.inProcessPlugins ?? []).map((definition) => ({
    definition,
    source: 'directory' as const,
    packageName: definition.name,
    dir: '(in process)',
  }));
  const loaded = await loadPlugins(candidates, {
    ignoreEngineFor: config.pluginsIgnoringEngine,
    trust: serverTrustPolicy(config, options.devPlugins),
    sandbox: { sandbox, trusted: config.pluginsTrusted, egressApproved: config.pluginsEgressApproved },
  });
  return orderByDependencies([...loaded, ...inProcess]);
}

/** The composition root: database, plugins, services and routes, wired once. */
export async function buildServer(config: MiraiConfig, options: BuildOptions = {}): Promise<MiraiServer> {
  const app = createApp(config);
  const logger: FastifyBaseLogger = app.log;
  const role = options.role ?? 'all';
  // Before anything opens a span: the SDK is imported only when an OTLP endpoint is configured.
  const tracing: Tracing | null = config.tracing === undefined ? null : await startTracing(config.tracing);
  const metrics = new MiraiMetrics({ processRole: role });
  const tenantClassOf = tenantClasses(config.metrics.tenantClasses);
  let metricsServer: MetricsServer | null = null;
  // Only processes that serve requests authenticate anyone.
  const identity = role === 'worker' ? null : new IdentityCache();
  const courseLists = role === 'worker' ? null : new CourseListCache();
  const sinks = new Map<string, ChangeNoticeSink>();
  if (identity !== null) sinks.set(IDENTITY_CHANNEL, identity);
  if (courseLists !== null) sinks.set(COURSE_LIST_CHANNEL, courseLists);
  const databaseOpening = openDatabase(config, sinks, logger);
  // Untrusted partner packages run here (one workerd process each, started only when one is installed).
  // State of a sandboxed plugin is scoped to plugin × organisation, where the host keeps an organisation's plugin state
  // (called only once the plugin runs, after the database opened).
  const sandboxState = (plugin: string, tenantId: string) => createPluginStateStore(orm, tenantStateNamespace(plugin, tenantId));
  const sandbox: PluginSandbox =
    options.sandbox ??
    createPluginSandbox({
      logger,
      state: sandboxState,
      callTimeoutMs: config.sandboxCallTimeoutMs,
      memoryLimitMb: config.sandboxMemoryMb,
      ...remoteEngine(config, logger, sandboxState),
    });
  // The plugins' code is imported (this thread's work) while the embedded database starts on its own.
  const [opened, loading] = await Promise.allSettled([databaseOpening, loadServerPlugins(config, options, sandbox)]);
  if (opened.status === 'rejected') {
    await sandbox.close().catch(() => undefined);
    throw opened.reason;
  }
  const { orm, embedded, url, changeNotices } = opened.value;
  const host = new PluginHost({
    orm,
    logger,
    publicUrl: config.publicUrl,
    dataDir: join(resolve(config.dataDir), 'plugins'),
    timeoutMs: config.pluginRegisterTimeoutMs,
    egress: createEgressGuard({ allow: config.egressAllow }),
    instanceSettings: config.pluginSettings,
    instanceSettingsFromEnv: config.pluginEnvSettings,
    required: [config.authProvider, ...config.pluginsRequired],
    callTimeoutMs: (capability) => config.pluginCallTimeoutMs[capability],
    pluginCalls: new PluginCallObserver(metrics),
  });
  const background = createBackgroundServices({ config, orm, databaseUrl: url, role, logger, jobObserver: new JobObserver(metrics, tenantClassOf) });
  let plugins: TenantPluginsService | undefined;
  let uploads: UploadsService | undefined;
  let content: FastifyInstance | undefined;
  let billingParts: MiraiServer['billing'];
  let throttle: SignInThrottle | undefined;
  let shuttingDown = false;
  let notificationFeed: NotificationFeed | undefined;
  const close = async () => {
    shuttingDown = true;
    await app.close();
    await notificationFeed?.stop();
    await content?.close();
    await metricsServer?.close();
    await throttle?.close();
    await background.stop();
    await changeNotices.close();
    await host.stop();
    await sandbox.close();
    // A pool whose server went away can wait forever to end; shutdown must not.
    await withTimeout(orm.close(true), 5_000, () => new Error('closing the database pool timed out')).catch((error: unknown) =>
      logger.warn({ err: error }, 'database pool did not close cleanly'),
    );
    await embedded?.close();
    await tracing?.shutdown();
  };

  try {
    if (loading.status === 'rejected') throw loading.reason;
    if (options.migrate === true) await migrate(orm);
    const secretKey = config.secretKey ?? (await loadOrCreateEmbeddedSecretKey(resolve(config.dataDir)));
    await host.boot(loading.value);
    const authProvider = host.implementation(config.authProvider, 'auth');

    const events = host.events;
    const sessions = new SessionService(config.sessionTtlHours, identity ?? undefined);
    throttle = signInThrottle(config, logger);
    const jobs = new JobsService();
    const verification = new EmailVerificationService({ secretKey, jobs, ttlHours: 48 });
    const auth = new AuthService({
      providerName: config.authProvider,
      provider: authProvider.kind === 'password' ? authProvider : null,
      sessions,
      events,
      throttle,
      verification,
      afterCommit: () => background.relay.kick(),
    });
    const sessionProvider =
      authProvider.kind === 'session'
        ? new SessionAuthenticator({
            providerName: config.authProvider,
            provider: authProvider,
            linker: new IdentityLinker({ provider: config.authProvider, events }),
          })
        : null;
    const box = new SecretBox(secretKey);
    const registry = new PluginRegistryClient(config.pluginRegistry);
    const runtime = new TenantPluginRuntime({
      host,
      sandbox,
      logger,
      packages: new TenantPackageStore({
        root: join(resolve(config.dataDir), 'tenant-plugins'),
        registry,
        keys: trustPolicy(config.pluginTrustedKeys, false, []).keys,
      }),
    });
    const installs = new TenantInstallsService({ host, runtime, registry, catalogue: config.pluginCatalogue, box });
    plugins = new TenantPluginsService({
      host,
      box,
      runtime,
      // The identity and mail providers, and plugins the operator configured (e.g. billing, which no organisation may set for itself).
      instanceScoped: [config.authProvider, config.mailProvider, ...Object.keys(config.pluginSettings)],
      enabledByDefault: config.defaultTenantPlugins,
    });
    const tenantPlugins = plugins;
    host.resolveTenantContextsWith((name, tenantId) => tenantPlugins.contextFor(orm.em.fork(), tenantId, name));
    host.events.deliverTenantEventsWhen((name, tenantId) => tenantPlugins.isEnabledFor(orm.em.fork(), tenantId, name));

    // Set when the request arrives (synchronously: no promise per request), so every answer carries it, errors included.
    app.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      done();
    });
    await app.register(httpObservability, { metrics });
    await app.register(problemDetails);
    await app.register(inputRules);
    await app.register(security, { corsOrigins: config.corsOrigins, publicUrl: config.publicUrl, contentOrigin: config.contentOrigin });
    // Swagger only sees routes registered after it.
    if (role !== 'worker') await app.register(openApi, { version: CORE_VERSION, publicUrl: config.publicUrl });
    await app.register(healthRoutes, { orm, isShuttingDown: () => shuttingDown });
    const metricsAccess = { token: config.metrics.token, openWithoutToken: config.databaseUrl === undefined };
    if (config.metrics.port === undefined) await app.register(metricsRoute, { metrics, access: metricsAccess });
    const hub = background.hub;
    registerScrapeTimeMetrics(metrics, {
      orm,
      tenantClassOf,
      websocketSubscribers: hub === null ? null : () => hub.size,
      tenantJobLimit: config.tenantJobLimit,
    });

    const courses = new CoursesService(events, courseLists ?? undefined);
    const lessons = new LessonsService();
    const outline = new OutlineService();
    const knowledge = new KnowledgeService();
    const usage = new UsageService(events, metrics);
    const billing = new BillingService({ plugins, usage, appUrl: config.appUrl });
    const usageReporter = new BillingUsageReporter({
      orm,
      billing,
      onError: (error) => logger.warn({ err: error }, 'billing usage report failed; it will be retried'),
    });
    billingParts = { service: billing, usageReporter };
    background.onTick(() => usageReporter.drain());
    background.scheduler.add(
      billingReconcileTask({
        orm,
        billing,
        everyMs: config.billingReconcileSeconds * 1000,
        onError: (error, tenantId) => logger.error({ err: error, tenantId }, 'billing reconciliation failed for a tenant'),
      }),
    );
    const routing = new AiRoutingService({ plugins, usage, billing });
    const uploadsService = new UploadsService(plugins, { maxBytes: config.uploadMaxBytes, mediaMaxBytes: config.mediaMaxBytes });
    uploads = uploadsService;
    background.onTick(() => uploadsService.cleanupAbandoned(orm));
    const afterCommit = () => background.relay.kick();
    const intake = new DocumentIntakeService({
      knowledge,
      uploads: uploadsService,
      jobs: background.starter,
      limits: config.documentLimits,
    });
    const publishing = new PublishingService(outline, events);
    const access = accessNoticesOn(background.bus);
    const recovery = {
      providerName: config.authProvider,
      provider: authProvider.kind === 'password' ? authProvider : null,
      jobs,
      throttle,
      access,
      appUrl: config.appUrl,
      afterCommit,
    };
    const members = new MembersService(events, billing, access, { jobs, tokens: new LinkTokens(secretKey, 'invitation'), afterCommit });
    const enrolments = new EnrolmentsService(publishing);
    // Platform and tool JWKS, token and line-item URLs are set by organisations: fetched through the egress guard.
    const lti = ltiParts({
      box,
      secretKey,
      publicUrl: config.publicUrl,
      enrolments,
      publishing,
      lessons,
      seats: billing,
      fetch: createEgressGuard({ allow: config.egressAllow }).fetch,
    });
    background.onTick(() => lti.passback.sendPending(orm.em.fork()));
    const contentTokens = new ContentTokens(secretKey);
    // The app's origins may frame the player and receive its messages.
    const appOrigins = [...new Set([new URL(config.appUrl).origin, ...config.corsOrigins])];
    const groupSync = new EnrolmentSync(members, enrolments);
    const groups = new GroupsService({ members, sync: groupSync, afterCommit });
    const resets = new PasswordResetService(recovery, new LinkTokens(secretKey, 'password reset'));
    const emailChanges = new EmailChangeService(recovery, new LinkTokens(secretKey, 'email change'));
    const changes = new PasswordChangeService(recovery);
    const publishUnread = async (tenantId: string, userId: string) =>
      background.bus.publishUser({ tenantId, userId, unread: await unreadCount(orm.em.fork(), tenantId, userId) });
    const notifier = new Notifier({ orm, jobs, afterCommit, publishUnread });
    if (role !== 'api') {
      const feed = new NotificationFeed({
        pending: (limit) => pendingNotifications(orm.em.fork(), limit),
        notify: (draft) => notifier.notify(draft),
        pollMs: config.notificationsPollMs,
        onError: (error) => logger.error({ err: error }, 'notification feed failed'),
      });
      notificationFeed = feed;
      // Job outcomes wake the feed at once; see notification-feed.ts for what the poll still covers.
      background.bus.subscribe((event) => {
        if (NOTIFYING_JOB_EVENTS.has(event.type)) feed.wake();
      });
      background.scheduler.add(remindersTask({ orm, notifier, everyMs: config.reminderCheckSeconds * 1000, dueSoonDays: config.reminderDueDays }));
    }
    const xapiCredentials = new XapiCredentialsService(config.publicUrl);
    const xapiStatements = new XapiStatementsService();
    const xapiDocuments = new XapiDocumentsService();
    const cmi5Lms = new Cmi5LmsStatements(xapiStatements, config.publicUrl);
    const cmi5Sessions = new Cmi5SessionsService({ enrolments, lms: cmi5Lms, publicUrl: config.publicUrl });
    // A cmi5 launch's auth token is an LRS credential scoped to its registration.
    xapiCredentials.acceptScoped(cmi5Sessions);
    // One object of services for every module; each module's index.ts names what it takes from it.
    const services = {
      authRoutes: {
        auth,
        provider: {
          name: config.authProvider,
          kind: authProvider.kind,
          selfService: authProvider.kind === 'session' ? (authProvider.selfService ?? null) : null,
          sessionCookie: authProvider.kind === 'session' ? (authProvider.sessionCookie ?? null) : null,
        },
        sessions,
        secureCookies: config.publicUrl.startsWith('https:'),
        throttle,
        access,
        verification,
      },
      members,
      planAllowance: async (em: EntityManager, tenantId: string) => (await billing.entitlements(em, tenantId))?.entitlements.aiTokensPerMonth ?? null,
      mail: () => host.implementation(config.mailProvider, 'mail'),
      appUrl: config.appUrl,
      recovery: { resets, changes, emailChanges, throttle },
      accountMail: {
        ...resets.composers,
        ...emailChanges.composers,
        ...changes.composers,
        // The same derivation MembersService uses when it creates the invitation.
        ...invitationComposer(new LinkTokens(secretKey, 'invitation'), config.appUrl),
        ...notificationComposer(config.appUrl),
      },
      notifications: new NotificationsService(publishUnread),
      certificates: new CertificatesService({ keys: new SigningKeys(new SecretBox(secretKey)), publicUrl: config.publicUrl, appUrl: config.appUrl }),
      courses,
      outline,
      lessons,
      knowledge,
      audiences: new AudiencesService(),
      intake,
      uploads: uploadsService,
      documentLimits: config.documentLimits,
      // Web pages added to the library are fetched through the same guard as plugins' requests.
      egress: createEgressGuard({ allow: config.egressAllow }),
      plugins,
      installs,
      usage,
      jobs,
      routing,
      prices: config.aiPrices,
      runner: background.runner,
      generation: new GenerationService({ routing, jobs: background.starter, courses, lessons }),
      exports: new ExportsService({ plugins, jobs: background.starter, courses }),
      publishing,
      enrolments,
      groups,
      assignments: new AssignmentsService({ groups, sync: groupSync, members, publishing, enrolments }),
      billing,
      scormImports: new ScormImportService({ uploads: uploadsService, plugins, courses, outline, lessons }, config.scormLimits),
      scormAttempts: new ScormAttemptsService({ enrolments, publishing, tokens: contentTokens, contentOrigin: config.contentOrigin }),
      xapiCredentials,
      xapiStatements,
      xapiDocuments,
      publicUrl: config.publicUrl,
      lti: lti.lti,
      sessions,
      cmi5Imports: new Cmi5ImportService({ uploads: uploadsService, plugins, courses, outline, lessons }, config.scormLimits),
      cmi5Launches: new Cmi5LaunchService({
        enrolments,
        publishing,
        tokens: contentTokens,
        documents: xapiDocuments,
        sessions: cmi5Sessions,
        lms: cmi5Lms,
        contentOrigin: config.contentOrigin,
        publicUrl: config.publicUrl,
        appUrl: config.appUrl,
      }),
    };
    if (role !== 'worker')
      content = buildContentServer({
        orm,
        plugins,
        tokens: contentTokens,
        appOrigins,
        extraRoutes: cmi5ContentRoutes({ orm, plugins, tokens: contentTokens, appOrigins, apiOrigin: new URL(config.publicUrl).origin }),
      });
    for (const module of MODULES)
      for (const [kind, handler] of Object.entries(module.jobs?.(services) ?? {})) background.runner.register(kind, handler);

    if (role !== 'worker') {
      await app.register(requestScope, { orm, sessions, sessionProvider });
      for (const module of MODULES) await module.routes?.(app, services);
      await app.register(pluginRoutes, { host, isEnabledFor: (name, tenantId) => tenantPlugins.isEnabledFor(orm.em.fork(), tenantId, name) });
      if (background.hub !== null) await app.register(websocketRoutes, { hub: background.hub, tickets: new WsTickets(secretKey) });
    }
    await app.ready();
    if (config.metrics.port !== undefined)
      metricsServer = await listenForMetrics({ metrics, access: metricsAccess, host: config.host, port: config.metrics.port, logger });
    await background.start();
    notificationFeed?.start();
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return {
    app,
    orm,
    host,
    background,
    plugins,
    uploads,
    content,
    billing: billingParts,
    config,
    metrics,
    metricsServer,
    embeddedDatabase: embedded,
    close,
  };
}
