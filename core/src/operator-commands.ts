import { parseArgs } from 'node:util';
import type { MiraiConfig } from './config/config.ts';
import { createOrm } from './db/create-orm.ts';
import { type Orm, pendingMigrations } from './db/orm.ts';
import { MiraiError } from './errors/mirai-error.ts';
import { cancelJob, type JobSummary, listJobs, retryJob } from './jobs/operator-jobs.ts';
import { listOutbox, replayOutbox } from './jobs/operator-outbox.ts';
import { retryFailedUsageReports } from './modules/billing/usage-report-queue.ts';

export const OPERATOR_USAGE = `Operator commands (server mode: DATABASE_URL; they change rows, the running workers act on them):
  jobs list [--status <s>] [--kind <k>] [--limit <n>] [--json]   newest jobs across organisations
  jobs retry <job id>              a failed or cancelled job runs again with a fresh attempt budget
  jobs cancel <job id>             cancel the job and its unfinished children (workers end them)
  outbox [--limit <n>] [--json]    pending deliveries of the transactional outbox, oldest first
  outbox replay [--job <id>] [--dry-run]   make waiting deliveries due now
  usage-reports retry [--tenant <id>] [--dry-run]   failed billing usage reports back to pending`;

export const OPERATOR_COMMANDS = ['jobs', 'outbox', 'usage-reports'] as const;
export type OperatorCommand = (typeof OPERATOR_COMMANDS)[number];

export function isOperatorCommand(command: string): command is OperatorCommand {
  return (OPERATOR_COMMANDS as readonly string[]).includes(command);
}

const write = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

function jobLine(job: JobSummary): string {
  const error = job.error === null ? '' : `  ${job.error.replace(/\s+/g, ' ').slice(0, 80)}`;
  return `${job.id}  ${job.status.padEnd(9)}  ${job.kind.padEnd(22)}  attempt ${job.attempts}/${job.maxAttempts}  ${job.createdAt}  tenant ${job.tenantId}${error}`;
}

function limitOf(raw: string | undefined): number {
  const limit = raw === undefined ? 50 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', '--limit must be an integer from 1 to 10000');
  return limit;
}

async function jobs(orm: Orm, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { status: { type: 'string' }, kind: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  });
  const [action, id] = positionals;
  const em = orm.em.fork();
  if (action === 'list') {
    const found = await listJobs(em, { status: values.status, kind: values.kind, limit: limitOf(values.limit) });
    write(values.json === true ? JSON.stringify(found, null, 2) : found.length === 0 ? 'No jobs.' : found.map(jobLine).join('\n'));
    return 0;
  }
  if ((action === 'retry' || action === 'cancel') && id !== undefined) {
    if (action === 'cancel') {
      const ids = await cancelJob(em, id);
      write(
        ids.length === 0 ? `Nothing to cancel: job ${id} is not queued or running.` : `Cancel requested for ${ids.length} job(s): ${ids.join(', ')}`,
      );
      return ids.length === 0 ? 1 : 0;
    }
    const outcome = await retryJob(em, id);
    if ('refused' in outcome) {
      process.stderr.write(`mirai: ${outcome.refused}\n`);
      return 1;
    }
    write(`Queued again: ${jobLine(outcome.retried)}`);
    return 0;
  }
  process.stderr.write(`${OPERATOR_USAGE}\n`);
  return 2;
}

async function outbox(orm: Orm, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { limit: { type: 'string' }, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, job: { type: 'string' } },
  });
  const em = orm.em.fork();
  if (positionals[0] === 'replay') {
    const dryRun = values['dry-run'] === true;
    const ids = await replayOutbox(em, { dryRun, jobId: values.job });
    write(`${dryRun ? 'Would make due' : 'Made due'}: ${ids.length} outbox row(s)${ids.length === 0 ? '' : ` (${ids.join(', ')})`}`);
    return 0;
  }
  if (positionals.length > 0) {
    process.stderr.write(`${OPERATOR_USAGE}\n`);
    return 2;
  }
  const { total, entries } = await listOutbox(em, limitOf(values.limit));
  if (values.json === true) write(JSON.stringify({ total, entries }, null, 2));
  else
    write(
      [
        `${total} pending deliveries${total > entries.length ? ` (oldest ${entries.length} shown)` : ''}`,
        ...entries.map((e) => `#${e.id}  job ${e.jobId}  ${e.kind.padEnd(22)}  attempt ${e.attempt}  due ${e.availableAt}  age ${e.ageSeconds}s`),
      ].join('\n'),
    );
  return 0;
}

async function usageReports(orm: Orm, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, tenant: { type: 'string' } },
  });
  if (positionals[0] !== 'retry') {
    process.stderr.write(`${OPERATOR_USAGE}\n`);
    return 2;
  }
  const dryRun = values['dry-run'] === true;
  const ids = await retryFailedUsageReports(orm.em.fork(), { dryRun, tenantId: values.tenant });
  write(`${dryRun ? 'Would retry' : 'Back to pending'}: ${ids.length} failed usage report(s)${ids.length === 0 ? '' : ` (${ids.join(', ')})`}`);
  return 0;
}

/** Runs `jobs`, `outbox` or `usage-reports` against DATABASE_URL; returns the exit code. */
export async function runOperatorCommand(config: MiraiConfig, command: OperatorCommand, args: string[]): Promise<number> {
  // The embedded database belongs to the one process running it; a second opener would corrupt it.
  if (config.databaseUrl === undefined)
    throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', `DATABASE_URL must be set for \`mirai ${command}\` (operator commands work on server mode)`, {
      extensions: { variable: 'DATABASE_URL' },
    });
  const orm = await createOrm({ url: config.databaseUrl, poolMax: 1 });
  try {
    if ((await pendingMigrations(orm)).length > 0)
      throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', 'The database has pending migrations; run `mirai migrate` first');
    if (command === 'jobs') return await jobs(orm, args);
    if (command === 'outbox') return await outbox(orm, args);
    return await usageReports(orm, args);
  } finally {
    await orm.close(true);
  }
}
