// `pnpm bench plugins`: the same first-party plugins in-process (trusted) and sandboxed (workerd), in one run.
// A 5 × 4 course exported by export-cc, then a lesson streamed by ai-offline, each alternating
// in-process and sandboxed round by round; each sandboxed time is given as a ratio to the in-process time of the same round. Both
// sides are timed alike: wall time, and the CPU time of this process and of the sandboxes' workerd
// processes together (the machine's whole cost of the work), with the time those spent waiting for
// a CPU (a busy machine's share of the wall time).
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { CourseDocument, Exporter, JsonValue, PluginDefinition, TextGenerationRequest } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import type * as SandboxModule from '../../core/src/plugin-host/sandbox/index.js';
import { median, num, ratio, table } from './format.ts';
import { childWorkerdPids, type TaskTime, taskTime } from './task-time.ts';

export const USAGE = `Usage: pnpm bench plugins [--rounds <n>]

Loads export-cc and ai-offline twice: imported into this process (trusted) and in the workerd
sandbox (as an untrusted partner package would run). Then exports a 5 modules × 4 lessons course
with export-cc <n> times (default 15) each way, alternating, and then streams one lesson with
ai-offline <n> times each way, alternating. Prints the median time of each and the median of the per-round ratios sandboxed ÷
in-process with their spread (quartiles, min–max): wall time, and CPU time of this process plus
the sandboxes' workerd processes (Linux; waiting for a CPU is shown apart).`;

const out = (line = '') => process.stdout.write(`${line}\n`);
const root = new URL('../../', import.meta.url);
const pluginDir = (name: string) => new URL(`plugins/${name}/`, root).pathname;
const { createPluginSandbox } = (await import(new URL('core/src/plugin-host/sandbox/index.ts', root).href)) as typeof SandboxModule;

const PARAGRAPH =
  'Set a leaning ladder at an angle of 75 degrees, one unit out for every four up. Keep three points of contact while climbing, and never stand on the top three rungs. ';

function course(): CourseDocument {
  const modules = Array.from({ length: 5 }, (_, m) => ({
    id: `m${m}`,
    title: `Module ${m + 1}`,
    lessons: Array.from({ length: 4 }, (_, l) => ({
      id: `m${m}l${l}`,
      title: `Lesson ${m + 1}.${l + 1}`,
      objectives: ['Use ladders safely'],
      blocks: [
        { id: `h${m}${l}`, type: 'heading' as const, level: 2 as const, text: 'Overview' },
        { id: `p${m}${l}`, type: 'markdown' as const, markdown: PARAGRAPH.repeat(12) },
        { id: `c${m}${l}`, type: 'callout' as const, tone: 'warning' as const, markdown: PARAGRAPH },
        {
          id: `q${m}${l}`,
          type: 'quiz' as const,
          questions: [{ id: `q${m}${l}a`, prompt: 'What angle?', choices: ['60', '75', '90'], answerIndex: 1, explanation: 'One out, four up.' }],
        },
      ],
    })),
  }));
  return { id: 'bench', title: 'Ladder safety', desiredOutcome: 'Use ladders safely', language: 'en', modules };
}

const lessonRequest: TextGenerationRequest = {
  prompt: 'Write the lesson.',
  task: {
    kind: 'lesson-body',
    course: { title: 'Ladder safety', desiredOutcome: 'Use ladders safely', language: 'en', audiences: [] },
    module: { title: 'Using ladders', position: 0 },
    lesson: { title: 'Setting up a leaning ladder', objectives: ['Set a ladder at the right angle'], position: 0 },
    sources: Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, smeName: 'Ada', documentTitle: 'Ladders', text: PARAGRAPH.repeat(6) })),
  },
};

interface Sample {
  wallMs: number;
  cpuMs: number;
  waitMs: number;
}

/** This process and every sandbox process, summed. */
function machineTime(pids: readonly number[]): TaskTime {
  return [taskTime('self'), ...pids.map((pid) => taskTime(pid))].reduce((sum, next) => ({
    cpuMs: sum.cpuMs + next.cpuMs,
    waitMs: sum.waitMs + next.waitMs,
  }));
}

async function timed(pids: readonly number[], work: () => Promise<void>): Promise<Sample> {
  const before = machineTime(pids);
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const after = machineTime(pids);
  return { wallMs, cpuMs: after.cpuMs - before.cpuMs, waitMs: after.waitMs - before.waitMs };
}

async function exportOnce(exporter: Exporter, doc: CourseDocument): Promise<void> {
  let size = 0;
  for await (const chunk of exporter.export(doc, { settings: {}, readAsset: async () => null }, { tenantId: 'bench', config: {} }))
    size += chunk.byteLength;
  if (size === 0) throw new Error('empty export');
}

async function streamOnce(host: Awaited<ReturnType<typeof createTestHost>>): Promise<void> {
  let deltas = 0;
  for await (const event of host.extension('ai').streamText(lessonRequest, host.tenant({ chunkDelayMs: 0 } as Record<string, JsonValue>, 'bench')))
    if (event.type === 'delta') deltas += 1;
  if (deltas === 0) throw new Error('no deltas');
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? Number.NaN;
}

/** The median of per-round ratios, then its quartiles and extremes: `1.3 (1.2–1.4; 1.1–1.9)`. */
function ratioWithSpread(ratios: readonly number[]): string {
  const spread = (low: number, high: number) => `${ratio(quantile(ratios, low))}–${ratio(quantile(ratios, high))}`;
  return `${ratio(median(ratios))} (${spread(0.25, 0.75)}; ${spread(0, 1)})`;
}

function rows(name: string, trusted: readonly Sample[], sandboxed: readonly Sample[]): string[][] {
  const per = (pick: (sample: Sample) => number) => trusted.map((sample, round) => pick(sandboxed[round] ?? sample) / pick(sample));
  const ms = (samples: readonly Sample[], pick: (sample: Sample) => number) => num(median(samples.map(pick)), 1);
  return [
    [`${name}, wall`, ms(trusted, (s) => s.wallMs), ms(sandboxed, (s) => s.wallMs), ratioWithSpread(per((s) => s.wallMs))],
    [`${name}, CPU`, ms(trusted, (s) => s.cpuMs), ms(sandboxed, (s) => s.cpuMs), ratioWithSpread(per((s) => s.cpuMs))],
    [`${name}, waiting for a CPU`, ms(trusted, (s) => s.waitMs), ms(sandboxed, (s) => s.waitMs), ''],
  ];
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { rounds: { type: 'string', default: '15' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const rounds = Number(values.rounds);
  out(`machine: ${cpus().length} cpus, node ${process.version}; rounds ${rounds}`);
  const silent = { level: 'silent', child: () => silent, fatal() {}, error() {}, warn() {}, info() {}, debug() {}, trace() {}, silent() {} };
  const sandbox = createPluginSandbox({
    logger: silent as never,
    state: () => ({ get: async () => null, set: async () => {}, delete: async () => {} }),
  });
  try {
    const load = async (name: string) => {
      const imported = ((await import(new URL(`plugins/${name}/src/index.ts`, root).href)) as { default: PluginDefinition }).default;
      const sandboxed = await sandbox.load(pluginDir(name), { key: name, egressAllow: [] });
      return { trusted: await createTestHost(imported), sandboxed: await createTestHost(sandboxed.definition) };
    };
    const cc = await load('export-cc');
    const offline = await load('ai-offline');
    const doc = course();
    const pids = childWorkerdPids();
    const samples = {
      export: { trusted: [] as Sample[], sandboxed: [] as Sample[] },
      stream: { trusted: [] as Sample[], sandboxed: [] as Sample[] },
    };
    // One workload after the other, each with a warm-up round both ways (JIT, first connection to
    // the sandbox), then its rounds alternating in-process and sandboxed. Not the two workloads
    // interleaved: the export leaves garbage (a 20-lesson package) that this process and its
    // sandbox collect during whatever runs next, and billed to the lesson after it that made the
    // sandboxed lesson look 1.2 ms dearer (2.5× against 2.0× on its own, in one evening's runs).
    const phase = async (samplesOf: { trusted: Sample[]; sandboxed: Sample[] }, trusted: () => Promise<void>, sandboxed: () => Promise<void>) => {
      await trusted();
      await sandboxed();
      for (let round = 0; round < rounds; round += 1) {
        samplesOf.trusted.push(await timed(pids, trusted));
        samplesOf.sandboxed.push(await timed(pids, sandboxed));
      }
    };
    await phase(
      samples.export,
      () => exportOnce(cc.trusted.extension('exporter'), doc),
      () => exportOnce(cc.sandboxed.extension('exporter'), doc),
    );
    await phase(
      samples.stream,
      () => streamOnce(offline.trusted),
      () => streamOnce(offline.sandboxed),
    );
    out(`sandbox processes: ${pids.length}; ratio columns: median of the ${rounds} per-round ratios (quartiles; min–max)`);
    out();
    out(
      table(
        ['workload', 'in-process ms', 'sandboxed ms', 'sandboxed ÷ in-process'],
        [
          ...rows('5 × 4 course export (export-cc)', samples.export.trusted, samples.export.sandboxed),
          ...rows('streamed lesson (ai-offline)', samples.stream.trusted, samples.stream.sandboxed),
        ],
      ),
    );
    return 0;
  } finally {
    await sandbox.close();
  }
}
