import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ProcessRole } from './background/background-services.ts';
import { exitOnCliFailure } from './cli-failure.ts';
import { loadConfig, type MiraiConfig } from './config/config.ts';
import { assertProductionConfig } from './config/production-config.ts';
import { createOrm } from './db/create-orm.ts';
import { startEmbeddedDatabase } from './db/embedded-database.ts';
import { migrate, pendingMigrations } from './db/orm.ts';
import { MiraiError } from './errors/mirai-error.ts';
import { isOperatorCommand, OPERATOR_USAGE, runOperatorCommand } from './operator-commands.ts';
import { parseDevArguments, superviseDevPlugins } from './plugin-host/dev-plugins.ts';
import { candidateFrom, checkPlugins, formatReport } from './plugin-host/plugins-check.ts';
import { PLUGINS_USAGE, runPluginsCommand } from './plugin-host/plugins-command.ts';
import { buildServer, defaultPluginRoots } from './server.ts';
import { runSmokeTest } from './smoke/smoke-test.ts';

const SMOKE_USAGE = `Post-deploy check (needs only the API's URL and a probe account of an organisation it owns):
  smoke --url <api url> --email <probe email> --password-file <file> [--kratos-url <url>] [--timeout <s>]
            sign in, ground a small course, outline it and write one lesson with the offline provider`;

const USAGE = `Usage: mirai <command>

  dev       migrate, then serve the API and run jobs in one process (embedded defaults unless DATABASE_URL is set);
            \`dev --plugin ./path\` also loads the plugin package in that folder and restarts when it changes
  start     serve the API; in server mode migrations must already be applied and jobs run in \`mirai worker\`
  worker    run jobs only (server mode); serves /healthz and /readyz on PORT for probes
  migrate   apply pending database migrations and exit
  plugin-runtime
            run the sandboxed plugins for API and worker processes that set MIRAI_PLUGIN_RUNTIME_URL
            (TLS-PSK with MIRAI_PLUGIN_RUNTIME_TOKEN); needs no database, Redis or secret key
  plugins   install, uninstall, sync or list plugin packages from an npm registry (see below)
  plugins check [--engine <version>] [<plugin>@<version> | <plugin folder>] [--registry <url>] [--json]
            before an upgrade: which installed plugins' engine ranges exclude the plugin-API
            version, and which organisations' stored configs the new version's schema refuses

Configuration comes from environment variables; see the README.

${SMOKE_USAGE}

${PLUGINS_USAGE}

${OPERATOR_USAGE}`;

async function runMigrations(config: MiraiConfig): Promise<void> {
  const embedded = config.databaseUrl === undefined ? await startEmbeddedDatabase(resolve(config.dataDir)) : null;
  const orm = await createOrm({ url: config.databaseUrl ?? embedded?.url ?? '', poolMax: 1 });
  try {
    const applied = await migrate(orm);
    process.stdout.write(applied.length === 0 ? 'No pending migrations.\n' : `Applied: ${applied.join(', ')}\n`);
  } finally {
    await orm.close(true);
    await embedded?.close();
  }
}

type ServeCommand = 'dev' | 'start' | 'worker';

/**
 * SIGTERM ends the process within this, whatever plugins do (a hung stop(), an export that never
 * ends): orchestrators kill after 10 s (Kubernetes' default grace is 30 s, Compose's 10 s).
 */
const SHUTDOWN_DEADLINE_MS = 8_000;

function roleOf(command: ServeCommand, config: MiraiConfig): ProcessRole {
  // An embedded database belongs to one process, so that process must also run the jobs.
  if (command === 'dev' || config.databaseUrl === undefined) return 'all';
  return command === 'worker' ? 'worker' : 'api';
}

/** `start --embedded` opts into the laptop defaults that `start` otherwise refuses; `worker` never runs embedded. */
function checkServeMode(config: MiraiConfig, command: 'start' | 'worker', args: string[]): void {
  const embedded = args.includes('--embedded');
  const unknown = args.find((arg) => arg !== '--embedded' || command !== 'start');
  if (unknown !== undefined) throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', `\`mirai ${command}\` takes no argument ${unknown}`);
  if (!embedded) assertProductionConfig(config, command);
  else if (config.databaseUrl !== undefined)
    throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', 'DATABASE_URL is set, so `--embedded` contradicts it; drop one of them', {
      extensions: { variable: 'DATABASE_URL' },
    });
}

async function serve(config: MiraiConfig, command: ServeCommand, devPlugins: string[] = []): Promise<void> {
  // A single embedded process owns its database, so it can always bring the schema up to date.
  const server = await buildServer(config, {
    migrate: command === 'dev' || config.databaseUrl === undefined,
    role: roleOf(command, config),
    devPlugins,
  });
  if (command !== 'dev' && (await pendingMigrations(server.orm)).length > 0) {
    await server.close();
    throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', 'The database has pending migrations; run `mirai migrate` first');
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: draining requests');
    setTimeout(() => {
      server.app.log.error({ signal, deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await server.app.listen({ port: config.port, host: config.host });
  // Third-party SCORM content gets its own origin (MIRAI_CONTENT_ORIGIN), served from this port.
  await server.content?.listen({ port: config.contentPort, host: config.host });
  server.app.log.info(
    {
      mode: config.databaseUrl === undefined ? 'embedded' : 'server',
      role: roleOf(command, config),
      queue: server.background.transport.name,
      plugins: server.host.list().map((p) => p.definition.name),
    },
    command === 'worker' ? 'Mirai worker ready' : 'Mirai API ready',
  );
}

async function pluginsCheckCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { engine: { type: 'string' }, json: { type: 'boolean' }, registry: { type: 'string' } },
  });
  if (positionals[0] !== 'check') {
    process.stderr.write(`Unknown plugins command "${positionals[0] ?? ''}".\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const candidate = positionals[1] === undefined ? undefined : await candidateFrom(positionals[1], config, values.registry);
  const report = await checkPlugins(config, defaultPluginRoots(config), { engine: values.engine, candidate });
  process.stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (!report.ok) process.exitCode = 1;
}

async function smokeCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      email: { type: 'string' },
      'password-file': { type: 'string' },
      'kratos-url': { type: 'string' },
      timeout: { type: 'string', default: '180' },
    },
  });
  const timeoutSeconds = Number(values.timeout);
  if (values.url === undefined || values.email === undefined || values['password-file'] === undefined || !(timeoutSeconds > 0)) {
    process.stderr.write(`${SMOKE_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  await runSmokeTest({
    url: values.url.replace(/\/$/, ''),
    email: values.email,
    password: (await readFile(values['password-file'], 'utf8')).trim(),
    kratosUrl: values['kratos-url']?.replace(/\/$/, ''),
    timeoutMs: timeoutSeconds * 1000,
    log: (line) => process.stdout.write(`${line}\n`),
  });
}

async function main(argv: string[], entry: string): Promise<void> {
  const command = argv[0];
  if (command === undefined || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'plugins') {
    if (argv[1] === 'check') await pluginsCheckCommand(argv.slice(1));
    else process.exitCode = await runPluginsCommand(loadConfig(), argv.slice(1));
    return;
  }
  if (command === 'smoke') {
    await smokeCommand(argv.slice(1));
    return;
  }
  if (isOperatorCommand(command)) {
    process.exitCode = await runOperatorCommand(loadConfig(), command, argv.slice(1));
    return;
  }
  if (command !== 'dev' && command !== 'start' && command !== 'worker' && command !== 'migrate') {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  if (command === 'migrate') await runMigrations(config);
  else if (command === 'dev') {
    const dev = parseDevArguments(argv.slice(1));
    if (dev.plugins.length > 0 && !dev.watched) process.exitCode = await superviseDevPlugins(entry, dev.plugins);
    else await serve(config, command, dev.plugins);
  } else {
    checkServeMode(config, command, argv.slice(1));
    await serve(config, command);
  }
}

/** Runs one `mirai` command; `entry` is the CLI's own file, which `dev --plugin` re-runs under `node --watch-path`. */
export function runCli(argv: string[], entry: string): Promise<void> {
  return main(argv, entry).catch(exitOnCliFailure);
}
