// `pnpm bench plugins`: the same first-party plugins in-process (trusted) and sandboxed (workerd), in one run.
// A 5 × 4 course exported by export-cc and a lesson streamed by ai-offline, interleaved round by
// round; each sandboxed time is given as a ratio to the in-process time of the same round.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { CourseDocument, Exporter, JsonValue, PluginDefinition, TextGenerationRequest } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import type * as SandboxModule from '../../core/src/plugin-host/sandbox/index.js';
import { median, num, ratio, table } from './format.ts';

export const USAGE = `Usage: pnpm bench plugins [--rounds <n>]

Loads export-cc and ai-offline twice: imported into this process (trusted) and in the workerd
sandbox (as an untrusted partner package would run). Then, <n> times (default 15), interleaved:
exports a 5 modules × 4 lessons course with export-cc and streams one lesson with ai-offline, each
both ways. Prints the median time of each and the median of the per-round ratios sandboxed ÷ in-process.`;

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

async function exportOnce(exporter: Exporter, doc: CourseDocument): Promise<number> {
  const started = performance.now();
  let size = 0;
  for await (const chunk of exporter.export(doc, { settings: {}, readAsset: async () => null }, { tenantId: 'bench', config: {} }))
    size += chunk.byteLength;
  if (size === 0) throw new Error('empty export');
  return performance.now() - started;
}

async function streamOnce(host: Awaited<ReturnType<typeof createTestHost>>): Promise<number> {
  const started = performance.now();
  let deltas = 0;
  for await (const event of host.extension('ai').streamText(lessonRequest, host.tenant({ chunkDelayMs: 0 } as Record<string, JsonValue>, 'bench')))
    if (event.type === 'delta') deltas += 1;
  if (deltas === 0) throw new Error('no deltas');
  return performance.now() - started;
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
    const samples = {
      export: { trusted: [] as number[], sandboxed: [] as number[], ratio: [] as number[] },
      stream: { trusted: [] as number[], sandboxed: [] as number[], ratio: [] as number[] },
    };
    // One warm-up round each way (JIT, first connection to the sandbox).
    await exportOnce(cc.trusted.extension('exporter'), doc);
    await exportOnce(cc.sandboxed.extension('exporter'), doc);
    await streamOnce(offline.trusted);
    await streamOnce(offline.sandboxed);
    for (let round = 0; round < rounds; round += 1) {
      const exportTrusted = await exportOnce(cc.trusted.extension('exporter'), doc);
      const exportSandboxed = await exportOnce(cc.sandboxed.extension('exporter'), doc);
      const streamTrusted = await streamOnce(offline.trusted);
      const streamSandboxed = await streamOnce(offline.sandboxed);
      samples.export.trusted.push(exportTrusted);
      samples.export.sandboxed.push(exportSandboxed);
      samples.export.ratio.push(exportSandboxed / exportTrusted);
      samples.stream.trusted.push(streamTrusted);
      samples.stream.sandboxed.push(streamSandboxed);
      samples.stream.ratio.push(streamSandboxed / streamTrusted);
    }
    out();
    out(
      table(
        ['workload', 'in-process ms', 'sandboxed ms', 'sandboxed ÷ in-process'],
        [
          [
            '5 × 4 course export (export-cc)',
            num(median(samples.export.trusted), 1),
            num(median(samples.export.sandboxed), 1),
            ratio(median(samples.export.ratio)),
          ],
          [
            'streamed lesson (ai-offline)',
            num(median(samples.stream.trusted), 1),
            num(median(samples.stream.sandboxed), 1),
            ratio(median(samples.stream.ratio)),
          ],
        ],
      ),
    );
    return 0;
  } finally {
    await sandbox.close();
  }
}
