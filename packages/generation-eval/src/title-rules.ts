import { DANGLING_END, wordsOf } from './text.ts';

/** Units and measures: a title built around one ("Understanding 150 kg", "What is feet?") is a template. */
const UNIT =
  /^(?:%|per ?cent|°c?|°f|degrees?|kg|kilograms?|g|grams?|m|metres?|meters?|cm|mm|km|feet|foot|ft|inch(?:es)?|minutes?|mins?|seconds?|hours?|days?|weeks?|months?|years?|litres?|liters?|ml|times|rungs?|steps?)$/i;
const QUANTITY = /^(?:\d[\d.,]*\s*[-–]?\s*(?:in|out of|to)?\s*[-–]?\s*\d*\s*\S*(?:\s+rule)?|[\d.,]+\s*\S+)$/i;
/** Openings of generated templates that wrap whatever fragment they are given. */
const TEMPLATE =
  /^(?:what (?:is|are)|understanding|introduction to|an introduction to|overview of|the basics of|basics of|describe the main ideas of|describe|recognise|recognize|explain|identify|list|give an example of|all about|getting to know)\s+(.+?)\??$/i;
const RELATION = /^(?:recognise|recognize|explain|describe|understand)\s+how\s+.+\s+relates?\s+to\s+/i;
/** A lower-case word followed by a capitalised sentence opener: a heading glued onto a sentence. */
const GLUED = /\b[a-z]{3,}\s+(?:Always|Never|Do|Don't|Check|Keep|Make|Use|Wear|Ensure|If|When|Before|After|You|Your|This|These)\b/;

function isUnitOrQuantity(fragment: string): boolean {
  const text = fragment.trim().replace(/^(?:the|a|an)\s+/i, '');
  return UNIT.test(text) || (/\d/.test(text) && QUANTITY.test(text)) || /^\d/.test(text);
}

/** "What is feet?": the subject is a bare plural (or uncountable unit) the template cannot take. */
function isBarePlural(fragment: string): boolean {
  const parts = fragment.trim().split(/\s+/);
  const last = (parts[parts.length - 1] ?? '').toLowerCase();
  if (parts.length > 3 || /^(?:a|an|the)$/i.test(parts[0] ?? '')) return false;
  return (/[^s]s$/.test(last) && !/(?:us|is|ss|ics)$/.test(last)) || /^(?:feet|people|children|men|women|teeth)$/.test(last);
}

/**
 * Why a module or lesson title (or an objective) reads as generated from fragments rather than
 * written by a person, or null when it does not. Rules: templates around a number or unit,
 * "What is <plural>?", "how X relates to Y" templates, dangling ends, a lower-case start,
 * glued heading and sentence, unbalanced brackets or quotes, empty or overlong.
 */
export function malformedTitle(title: string): string | null {
  const text = title.trim();
  if (text === '') return 'empty';
  if (text.length > 120) return 'longer than 120 characters';
  const template = TEMPLATE.exec(text);
  const subject = template?.[1];
  if (subject !== undefined) {
    if (isUnitOrQuantity(subject)) return `a template around a number or unit (“${subject}”)`;
    if (/^what (?:is|are)\b/i.test(text) && /^what is\b/i.test(text) && isBarePlural(subject)) return `“What is <plural>?” (“${subject}”)`;
  }
  if (RELATION.test(text)) return 'a “how X relates to Y” template';
  if (/\bthe main ideas of\b/i.test(text)) return 'a “main ideas of X” template';
  if (GLUED.test(text)) return 'a heading glued onto a sentence';
  const words = wordsOf(text);
  const stutter = words.find((word, index) => word.length > 2 && word === words[index + 1]);
  if (stutter !== undefined) return `a repeated word (“${stutter}”)`;
  const last = words[words.length - 1] ?? '';
  if (DANGLING_END.has(last) && !/[.!?]$/.test(text)) return `a dangling end (“${last}”)`;
  if (/^[\p{Ll}]/u.test(text) && !/^[a-z]+[A-Z]/.test(text)) return 'starts in lower case';
  if (/^(?:and|or|but|so|because)\b/i.test(text)) return 'starts with a conjunction';
  if (/[,:;]$/.test(text)) return 'ends with a clause mark';
  const opens = (text.match(/[([{]/g) ?? []).length;
  const closes = (text.match(/[)\]}]/g) ?? []).length;
  if (opens !== closes || (text.match(/"/g) ?? []).length % 2 === 1) return 'unbalanced brackets or quotes';
  return null;
}

/** A heading glued onto the sentence under it ("Climbing and working Always maintain …"). */
export function hasGluedHeading(sentence: string): boolean {
  return GLUED.test(sentence);
}

/** The words two titles share at the start and at the end: the frame a template fills in. */
function frameOf(a: readonly string[], b: readonly string[]): string | null {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  const middleA = a.length - start - end;
  const middleB = b.length - start - end;
  if (start + end === 0 || middleA < 1 || middleB < 1 || middleA > 5 || middleB > 5) return null;
  return `${a.slice(0, start).join(' ')} … ${a.slice(a.length - end).join(' ')}`.trim();
}

/**
 * Titles built by filling one frame with different phrases ("Explain why X matters in your
 * work", "X in practice", "Understanding X"): a frame of three or more words used three or more
 * times, or of one or two words used five or more times, across one course's titles and objectives.
 */
export function templatedTitles(titles: readonly string[]): string[] {
  const tokens = titles.map((title) => wordsOf(title));
  const members = new Map<string, Set<number>>();
  for (let i = 0; i < tokens.length; i += 1)
    for (let j = i + 1; j < tokens.length; j += 1) {
      const frame = frameOf(tokens[i] ?? [], tokens[j] ?? []);
      if (frame === null) continue;
      const set = members.get(frame) ?? new Set<number>();
      set.add(i).add(j);
      members.set(frame, set);
    }
  const flagged = new Map<number, string>();
  for (const [frame, indexes] of members) {
    const size = wordsOf(frame).length;
    if ((size >= 3 && indexes.size >= 3) || (size >= 1 && indexes.size >= 5))
      for (const index of indexes) if (!flagged.has(index)) flagged.set(index, frame);
  }
  return [...flagged.entries()].sort(([a], [b]) => a - b).map(([index, frame]) => `${titles[index]}: a template (“${frame}”)`);
}
