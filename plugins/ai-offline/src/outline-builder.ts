import type { CourseBrief, OutlineDraft, SourceChunk } from '@mirai/sdk-plugin';
import { type SourceSection, sectionLines, sourceSections } from './source-sections.ts';
import { capitalizeFirst, lowerFirst, normalizeKey, stripInline, words } from './text-analysis.ts';

/** A section shorter than this joins its neighbour: too little for a lesson of its own. */
const MIN_LESSON_WORDS = 80;
/** A document gets one module per this many words (a 680-word guide: one module). */
const WORDS_PER_MODULE = 1000;
/** The outline schema's limit; one objective per section of the lesson. */
const MAX_OBJECTIVES = 6;
const LEANS_BACK = /^(?:it|this|that|they|these|those|he|she)\b/i;

/** One lesson of the outline: consecutive sections of one document. */
interface Unit {
  sections: SourceSection[];
  documentKey: string;
  documentTitle: string;
}

const wordsOf = (unit: Unit) => unit.sections.reduce((sum, section) => sum + section.wordCount, 0);

/** A heading as a title: no numbering ("2.", "Step 3:"), no end colon, first letter capital. */
export function headingTitle(heading: string): string {
  return capitalizeFirst(
    stripInline(heading)
      .replace(/^(?:\d+(?:\.\d+)*[.)]?|[IVX]+\.)\s+/, '')
      .replace(/[\s:;,.]+$/, '')
      .trim(),
  );
}

/** Sections too short to stand alone join the previous section of their document (or the next). */
function unitsOf(sections: readonly SourceSection[]): Unit[] {
  const units: Unit[] = [];
  let carried: SourceSection[] = [];
  for (const section of sections) {
    const last = units[units.length - 1];
    const sameDocument = last !== undefined && last.documentKey === section.documentKey;
    if (carried.length > 0 && carried[0]?.documentKey !== section.documentKey) {
      units.push({ sections: carried, documentKey: carried[0]?.documentKey ?? '', documentTitle: carried[0]?.documentTitle ?? '' });
      carried = [];
    }
    if (section.wordCount < MIN_LESSON_WORDS && sameDocument && carried.length === 0) last.sections.push(section);
    else if (section.wordCount + carried.reduce((sum, s) => sum + s.wordCount, 0) < MIN_LESSON_WORDS) carried.push(section);
    else {
      units.push({ sections: [...carried, section], documentKey: section.documentKey, documentTitle: section.documentTitle });
      carried = [];
    }
  }
  if (carried.length > 0) {
    const last = units[units.length - 1];
    if (last !== undefined && last.documentKey === carried[0]?.documentKey) last.sections.push(...carried);
    else units.push({ sections: carried, documentKey: carried[0]?.documentKey ?? '', documentTitle: carried[0]?.documentTitle ?? '' });
  }
  return units;
}

/** Merges the adjacent pair with the fewest words (same document first) until at most `max` remain. */
function fitUnits(units: Unit[], max: number): Unit[] {
  const result = [...units];
  while (result.length > max) {
    let best = -1;
    let bestScore = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 1 < result.length; i += 1) {
      const a = result[i];
      const b = result[i + 1];
      if (a === undefined || b === undefined) continue;
      const score = wordsOf(a) + wordsOf(b) + (a.documentKey === b.documentKey ? 0 : 1_000_000);
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    }
    const [a, b] = result.slice(best, best + 2);
    if (a === undefined || b === undefined) break;
    result.splice(best, 2, { ...a, sections: [...a.sections, ...b.sections] });
  }
  return result;
}

/**
 * The unit's title: its sections' headings, "A, b and c" (the document's own introduction, named
 * after the document, does not count); when that would be long or a heading has its own "and",
 * the longest section's heading.
 * Made unique with the document's title.
 */
function unitTitle(unit: Unit, taken: Set<string>): string {
  const named = unit.sections.filter((section) => normalizeKey(section.heading) !== normalizeKey(unit.documentTitle));
  const candidates = named.length > 0 ? named : unit.sections;
  const longest = candidates.reduce((best, section) => (section.wordCount > best.wordCount ? section : best));
  const headings = candidates.map((section, index) => (index === 0 ? headingTitle(section.heading) : lowerFirst(headingTitle(section.heading))));
  const last = headings.pop();
  const joined = last === undefined ? '' : headings.length === 0 ? last : `${headings.join(', ')} and ${last}`;
  const joinable = candidates.length <= 3 && !candidates.some((section) => /\sand\s/i.test(section.heading)) && joined.length <= 80;
  let title = joinable && joined !== '' ? joined : headingTitle(longest.heading) || headingTitle(unit.documentTitle);
  if (taken.has(title.toLowerCase())) title = `${title} (${unit.documentTitle})`;
  taken.add(title.toLowerCase());
  return title;
}

/** Objectives: each section's first standalone sentence (what the section is about), as written; they also tell the lesson writer which sections are the lesson's. */
function objectivesOf(unit: Unit, title: string): string[] {
  const objectives: string[] = [];
  for (const section of unit.sections) {
    const lines = sectionLines(section).map(stripInline);
    // The section's opening sentence, unless it leans on what came before ("It covers …") or runs long.
    const opening = lines[0];
    const first =
      opening !== undefined && words(opening).length >= 4 && opening.length <= 120 && !/:$/.test(opening) && !LEANS_BACK.test(opening)
        ? opening
        : headingTitle(section.heading);
    if (first !== '' && !objectives.includes(first)) objectives.push(first);
    if (objectives.length === MAX_OBJECTIVES) break;
  }
  return objectives.length > 0 ? objectives : [title];
}

/** Consecutive units into modules: one per document, split at `lessonsPerModule`, at most `moduleCount`. */
function modulesOf(units: readonly Unit[], moduleCount: number, lessonsPerModule: number): Unit[][] {
  const groups: Unit[][] = [];
  for (const unit of units) {
    const last = groups[groups.length - 1];
    const lastUnit = last?.[last.length - 1];
    if (last !== undefined && lastUnit?.documentKey === unit.documentKey && last.length < lessonsPerModule) last.push(unit);
    else groups.push([unit]);
  }
  if (groups.length <= moduleCount) return groups;
  // More documents than modules allowed: pack the lessons in order, ignoring document edges.
  const packed: Unit[][] = [];
  for (const unit of units) {
    const last = packed[packed.length - 1];
    if (last !== undefined && (last.length < lessonsPerModule || packed.length === moduleCount)) last.push(unit);
    else packed.push([unit]);
  }
  return packed;
}

/**
 * The outline of a document-to-course conversion: one module per document (split when long),
 * one lesson per section (short sections join a neighbour), titles taken from the documents'
 * headings, never more than the author's bounds. Without sources: one lesson named after the course.
 */
export function buildOutline(course: CourseBrief, sources: readonly SourceChunk[], moduleCount: number, lessonsPerModule: number): OutlineDraft {
  const sections = sourceSections(sources);
  if (sections.length === 0) {
    const title = headingTitle(course.title) || 'Course';
    return { modules: [{ title, lessons: [{ title, objectives: [course.desiredOutcome.trim() || title] }] }] };
  }
  const perDocument = new Map<string, Unit[]>();
  for (const unit of unitsOf(sections)) perDocument.set(unit.documentKey, [...(perDocument.get(unit.documentKey) ?? []), unit]);
  const fitted = [...perDocument.values()].flatMap((documentUnits) => {
    const modules = Math.max(1, Math.ceil(documentUnits.reduce((sum, unit) => sum + wordsOf(unit), 0) / WORDS_PER_MODULE));
    return fitUnits(documentUnits, modules * lessonsPerModule);
  });
  const units = fitUnits(fitted, moduleCount * lessonsPerModule);
  const lessonTitles = new Set<string>();
  const moduleTitles = new Set<string>();
  return {
    modules: modulesOf(units, moduleCount, lessonsPerModule).map((group, index, all) => {
      const lessons = group.map((unit) => {
        const title = unitTitle(unit, lessonTitles);
        return { title, objectives: objectivesOf(unit, title) };
      });
      const first = group[0];
      const splitDocument = all.some((other, j) => j !== index && other[0]?.documentKey === first?.documentKey);
      let title = splitDocument || first === undefined ? (lessons[0]?.title ?? course.title) : headingTitle(first.documentTitle);
      if (moduleTitles.has(title.toLowerCase())) title = `${title} (${index + 1})`;
      moduleTitles.add(title.toLowerCase());
      return { title, lessons };
    }),
  };
}
