// `pnpm eval generation`: every corpus document through one AI provider plugin, as core's
// generation handlers call it, scored by @mirai/generation-eval. See docs/generation.md.
import { parseArgs } from 'node:util';
import { type CourseScore, excerptsByHeading, generateCourse, loadCorpus, scoreCourse, scoreTable } from '@mirai/generation-eval';
import type { AiProvider, JsonObject, PluginDefinition } from '@mirai/sdk-plugin';
import { createTestHost } from '@mirai/sdk-plugin/testing';

const HELP = `Usage: pnpm eval generation [--provider ai-offline] [--config '{"apiKey":"…"}'] [--modules 4] [--lessons 3] [--details]

  --provider  the AI plugin under plugins/ to run (default ai-offline)
  --config    its tenant configuration as JSON, e.g. an API key for a model provider; the
              value of MIRAI_EVAL_PROVIDER_CONFIG is used when this is not given
  --modules, --lessons  the outline's upper bounds (defaults 4 and 3, as the wizard)
  --details   list every missing fact, unsupported sentence, repeat and malformed title`;

const GOALS = 'Goals for ai-offline: coverage >= 95 %, supported sentences 100 %, 0 repeats, 0 malformed titles.';

function details(name: string, score: CourseScore): string[] {
  const lists: Array<[string, string[]]> = [
    ['missing key facts', score.missingFacts],
    ['unsupported sentences', score.unsupported],
    ['headings that disagree', score.disagreeingHeadings],
    ['repeated questions', score.repeatedQuestions],
    ['repeated flashcards', score.repeatedFlashcards],
    ['malformed titles', score.malformedTitles],
    ['ungrounded questions', score.ungroundedQuestions],
  ];
  return lists.filter(([, items]) => items.length > 0).map(([label, items]) => `${name}: ${label}:\n  - ${items.join('\n  - ')}`);
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      provider: { type: 'string', default: 'ai-offline' },
      config: { type: 'string' },
      modules: { type: 'string', default: '4' },
      lessons: { type: 'string', default: '3' },
      details: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!/^[a-z0-9-]+$/.test(values.provider)) throw new Error(`--provider must be a plugin folder name, got "${values.provider}"`);
  const plugin: { default: PluginDefinition } = await import(new URL(`../../plugins/${values.provider}/src/index.ts`, import.meta.url).href);
  const host = await createTestHost(plugin.default);
  const config = JSON.parse(values.config ?? process.env.MIRAI_EVAL_PROVIDER_CONFIG ?? '{}') as JsonObject;
  const ai: AiProvider = host.extension('ai');
  const tenant = host.tenant(config);
  const rows: Array<{ name: string; score: CourseScore }> = [];
  const started = Date.now();
  for (const document of loadCorpus()) {
    const course = { ...document.course, language: 'en', audiences: [] };
    const generated = await generateCourse(ai, tenant, course, excerptsByHeading(document), {
      moduleCount: Number(values.modules),
      lessonsPerModule: Number(values.lessons),
    });
    rows.push({ name: document.file.replace(/\.md$/, ''), score: scoreCourse(generated, [document]) });
  }
  await host.stop();
  process.stdout.write(`Provider: ${ai.label} (${values.provider}), ${rows.length} documents, ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`);
  process.stdout.write(`${scoreTable(rows)}\n\n${GOALS}\n`);
  if (values.details) process.stdout.write(`\n${rows.flatMap(({ name, score }) => details(name, score)).join('\n')}\n`);
  return 0;
}
