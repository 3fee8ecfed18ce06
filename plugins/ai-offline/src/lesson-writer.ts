import { type GenerationTask, PluginError } from '@mirai/sdk-plugin';
import { parseInstruction, type Rewrite } from './instructions.ts';
import { headingTitle } from './outline-builder.ts';
import { type SourceBlock, type SourceSection, sectionLines, sourceSections } from './source-sections.ts';
import { contentStems, endSentence, normalizeKey, stripInline } from './text-analysis.ts';

type LessonTask = Extract<GenerationTask, { kind: 'lesson-body' }>;

const titleKey = (text: string) => normalizeKey(headingTitle(text));

/**
 * The lesson's own sections: those its title names (the outline took titles from headings, several
 * joined as "A, b and c"), and those named by or holding one of its objectives (the outline's objectives are each section's first
 * sentence). Failing both (a title an author typed), the section sharing most words with it.
 */
export function lessonSections(sections: readonly SourceSection[], title: string, objectives: readonly string[]): SourceSection[] {
  const wanted = new Set([title, ...title.split(/,\s+|\s+and\s+/i), ...objectives].map(titleKey));
  const objectiveKeys = new Set(objectives.map((objective) => normalizeKey(stripInline(objective))));
  const own = sections.filter(
    (section) =>
      wanted.has(titleKey(section.heading)) ||
      wanted.has(titleKey(`${section.heading} (${section.documentTitle})`)) ||
      sectionLines(section).some((line) => objectiveKeys.has(normalizeKey(stripInline(line)))),
  );
  if (own.length > 0) return own;
  const query = new Set(contentStems(`${title} ${objectives.join(' ')}`));
  let best: SourceSection | undefined;
  let bestScore = 0;
  for (const section of sections) {
    const stems = contentStems(`${section.heading} ${sectionLines(section).join(' ')}`);
    const score = new Set(stems.filter((s) => query.has(s))).size + (contentStems(section.heading).some((s) => query.has(s)) ? 1 : 0);
    if (score > bestScore) {
      best = section;
      bestScore = score;
    }
  }
  return best === undefined ? [] : [best];
}

function focusOn(blocks: readonly SourceBlock[], focus: readonly string[]): SourceBlock[] {
  const wanted = new Set(focus.flatMap((word) => contentStems(word)));
  return blocks.filter((block) => contentStems(block.lines.join(' ')).some((s) => wanted.has(s)));
}

/** One block as Markdown, its excerpt cited once at its end as `[n]`, reshaped as the rewrite asks. */
function renderBlock(block: SourceBlock, rewrite: Rewrite): string {
  const cite = ` [${block.source + 1}]`;
  const asList = block.kind === 'list' ? !rewrite.asProse : rewrite.asList;
  const lines = block.kind === 'paragraph' && rewrite.shorter ? block.lines.slice(0, 1) : block.lines;
  if (!asList) return `${lines.map((line) => (/[:;]$/.test(line) ? line : endSentence(line))).join(' ')}${cite}`;
  return lines.map((line, index) => `${block.ordered ? `${index + 1}.` : '-'} ${line}${index === lines.length - 1 ? cite : ''}`).join('\n');
}

const NO_REWRITE: Rewrite = { shorter: false, asList: false, asProse: false, focus: [] };

/**
 * The lesson body: each of the lesson's sections under its own heading, its sentences and lists
 * exactly as the documents have them, in their order, each block citing its excerpt.
 */
export function writeLessonBody(task: LessonTask): string {
  let rewrite = NO_REWRITE;
  if (task.instruction !== undefined && task.instruction.trim() !== '') {
    const parsed = parseInstruction(task.instruction);
    if ('refusal' in parsed) throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', parsed.refusal);
    rewrite = parsed.rewrite;
  }
  const sections = lessonSections(sourceSections(task.sources), task.lesson.title, task.lesson.objectives);
  if (sections.length === 0)
    return `_No passage of the SME documents matches “${task.lesson.title}”: add a document that covers it, or rename the lesson after one of the documents’ headings._\n`;
  const parts: string[] = [];
  for (const section of sections) {
    const blocks = rewrite.focus.length > 0 ? focusOn(section.blocks, rewrite.focus) : section.blocks;
    if (blocks.length === 0) continue;
    parts.push(`## ${headingTitle(section.heading)}`, ...blocks.map((block) => renderBlock(block, rewrite)));
  }
  if (parts.length === 0)
    throw new PluginError(
      'MIRAI_ERR_PLUGIN_BAD_INPUT',
      `No sentence of this lesson's sources mentions “${rewrite.focus.join(' ')}”, so ai-offline cannot focus the lesson on it`,
    );
  return `${parts.join('\n\n')}\n`;
}
