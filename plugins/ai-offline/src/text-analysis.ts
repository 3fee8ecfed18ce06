/**
 * Language-light text analysis for English source material: Markdown blocks, sentences,
 * tokens with a tiny stemmer and definitions by pattern.
 * Everything here is a pure function of its input.
 */

const STOP_LIST = `a about above according across after again against all almost along also although always am among an and another any anyone
anything are aren't around as at away be because been before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't done down during each either else enough etc even ever every few for from further get gets getting given go goes going got had
has hasn't have haven't having he her here hers herself him himself his how however i if in into is isn't it it's its itself just least less let
like likely made make makes many may me might more most much must my myself need needs never no nor not now of off often on once one only onto
or other others otherwise our ours ourselves out over own per perhaps put rather really same see seem seems several shall she should shouldn't
since so some something sometimes still such than that that's the their theirs them themselves then there there's these they they're thing things
this those though through thus to too toward towards under until up upon us use used uses using usually very via was wasn't way we well were
weren't what what's when whenever where wherever whether which while who whom whose why will with within without won't would wouldn't yet you you're your yours
yourself yourselves`;

export const STOP_WORDS: ReadonlySet<string> = new Set(STOP_LIST.split(/\s+/).filter((word) => word.length > 0));

/** Lower-case word tokens (letters, digits, inner apostrophes and hyphens). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}

/** A deliberately tiny English stemmer: enough to match lift/lifts/lifting/lifted. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Stems of the content words of a text (stop words removed), in order, with repeats. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((word) => !STOP_WORDS.has(word) && !/^\d+$/.test(word))
    .map(stem);
}

export function normalizeKey(text: string): string {
  return words(text).join(' ');
}

export function capitalizeFirst(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-cases the first letter unless the first word looks like an acronym or a name. */
export function lowerFirst(text: string): string {
  const first = text.match(/^[\p{L}\p{N}'’-]+/u)?.[0] ?? '';
  if (first.length === 0) return text;
  const isAcronym = first.length > 1 && first === first.toUpperCase() && /\p{L}/u.test(first);
  const hasInnerCapital = /\p{Lu}/u.test(first.slice(1));
  return isAcronym || hasInnerCapital ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

export function endSentence(text: string): string {
  const trimmed = text.trim();
  return trimmed.length === 0 || /[.!?…]["”')]?$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function stripFinalPunctuation(text: string): string {
  return text.trim().replace(/[\s.;:,!]+$/, '');
}

/** Removes inline Markdown (emphasis, links, inline code, images) and keeps the visible text. */
export function stripInline(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface TextBlock {
  kind: 'heading' | 'paragraph' | 'list-item';
  /** Heading level for headings; 0 otherwise. */
  level: number;
  /** The block's Markdown, on one line. */
  raw: string;
  /** The block's visible text. */
  text: string;
  /** The nearest heading above the block ('' before the first heading). */
  section: string;
  /** A numbered list item ("1." / "2)"): a step whose order matters. */
  ordered?: boolean;
}

/** Splits Markdown into headings, paragraphs and list items; skips code, tables and rules. */
export function parseMarkdown(markdown: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let section = '';
  let paragraph: string[] = [];
  let inFence = false;
  const flush = () => {
    if (paragraph.length === 0) return;
    const raw = paragraph.join(' ').trim();
    paragraph = [];
    if (raw.length > 0) blocks.push({ kind: 'paragraph', level: 0, raw, text: stripInline(raw), section });
  };
  for (const line of markdown.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (/^(```|~~~)/.test(trimmed)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const heading = trimmed.match(/^(#{1,6})\s+(.+?)\s*#*$/);
    const listItem = trimmed.match(/^(?:[-*+]|\d+[.)])\s+(.+)$/);
    if (trimmed.length === 0 || /^(\||[-*_]{3,}$)/.test(trimmed)) flush();
    else if (heading?.[1] !== undefined && heading[2] !== undefined) {
      flush();
      const text = stripInline(heading[2]);
      section = text;
      blocks.push({ kind: 'heading', level: heading[1].length, raw: heading[2], text, section });
    } else if (listItem?.[1] !== undefined) {
      flush();
      blocks.push({ kind: 'list-item', level: 0, raw: listItem[1], text: stripInline(listItem[1]), section, ordered: /^\d/.test(trimmed) });
    } else paragraph.push(trimmed.replace(/^>\s?/, ''));
  }
  flush();
  return blocks;
}

const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|approx|Dr|Mr|Mrs|Ms|Prof|St|No|Fig|cf)\./g;
const PROTECTED_DOT = '\u2024';

/** Splits prose into sentences, keeping common abbreviations (e.g., Dr.) inside them. */
export function splitSentences(text: string): string[] {
  const protectedText = text.replace(ABBREVIATIONS, (match) => match.replace(/\./g, PROTECTED_DOT));
  return protectedText
    .split(/(?<=[.!?]["”')\]]?)\s+(?=(?:\*\*|__|["“([*_])?[\p{Lu}\p{N}])/u)
    .map((sentence) => sentence.replaceAll(PROTECTED_DOT, '.').trim())
    .filter((sentence) => sentence.length > 0);
}

export interface Definition {
  term: string;
  /** Article the source used before the term ("a", "an", "the" or ""). */
  article: string;
  definition: string;
  /** The visible sentence the definition comes from, for explanations. */
  sentence: string;
  relation: 'is' | 'means' | 'refers to' | 'stands for' | 'gloss';
}

const TERM_BLOCKERS = new Set([
  'this',
  'that',
  'it',
  'there',
  'these',
  'those',
  'they',
  'he',
  'she',
  'we',
  'you',
  'which',
  'what',
  'who',
  'here',
  'one',
]);

function cleanTerm(candidate: string): { term: string; article: string } | null {
  const match = candidate.trim().match(/^(?:(an?|the)\s+)?(.+)$/i);
  const article = (match?.[1] ?? '').toLowerCase();
  const term = stripFinalPunctuation(stripInline(match?.[2] ?? '')).replace(/^["“]|["”]$/g, '');
  const termWords = words(term);
  if (termWords.length === 0 || termWords.length > 5 || term.length > 60) return null;
  const first = termWords[0] ?? '';
  if (TERM_BLOCKERS.has(first)) return null;
  if (termWords.some((word) => STOP_WORDS.has(word) && word !== 'of' && word !== 'and')) return null;
  if (STOP_WORDS.has(termWords[termWords.length - 1] ?? '')) return null;
  return { term: lowerFirst(term), article };
}

function cleanDefinition(text: string): string | null {
  if (/\?\s*$/.test(text)) return null;
  const definition = stripFinalPunctuation(stripInline(text));
  return words(definition).length >= 3 ? definition : null;
}

/**
 * Definitions in one Markdown block: "**X**: Y", "**X** — Y", "X — Y", "X is a/an/the Y",
 * "X means Y", "X refers to Y", "X is defined as Y", "X stands for Y".
 */
export function findDefinitions(block: TextBlock): Definition[] {
  if (block.kind === 'heading') return [];
  const found: Definition[] = [];
  const push = (termText: string, definitionText: string, sentence: string, relation: Definition['relation']) => {
    const term = cleanTerm(termText);
    const definition = cleanDefinition(definitionText);
    if (term === null || definition === null) return;
    if (words(definition).join(' ').startsWith(words(term.term).join(' '))) return;
    found.push({ term: term.term, article: term.article, definition, sentence: endSentence(stripInline(sentence)), relation });
  };
  const gloss = block.raw.match(/^\*\*([^*]+?):?\*\*\s*(?::|—|–|-{1,2})\s*(.+)$/) ?? block.raw.match(/^\*\*([^*]+?):\*\*\s*(.+)$/);
  if (gloss?.[1] !== undefined && gloss[2] !== undefined) {
    push(gloss[1], gloss[2], block.raw, 'gloss');
    return found;
  }
  const dash = block.text.match(/^([^.;:]{2,60}?)\s+(?:—|–|--)\s+(.+)$/);
  if (dash?.[1] !== undefined && dash[2] !== undefined && block.kind === 'list-item') {
    push(dash[1], dash[2], block.text, 'gloss');
    return found;
  }
  for (const sentence of splitSentences(block.text)) {
    const patterns: Array<[RegExp, Definition['relation']]> = [
      [/^(.{2,60}?)\s+(?:is|are)\s+defined\s+as\s+(.+)$/i, 'is'],
      [/^(.{2,60}?)\s+stands?\s+for\s+(.+)$/i, 'stands for'],
      [/^(.{2,60}?)\s+refers?\s+to\s+(.+)$/i, 'refers to'],
      [/^(.{2,60}?)\s+means\s+(.+)$/i, 'means'],
      [/^(.{2,60}?)\s+(?:is|are)\s+((?:a|an|the|any|when|how|where|what)\s.+)$/i, 'is'],
    ];
    for (const [pattern, relation] of patterns) {
      const match = sentence.match(pattern);
      if (match?.[1] !== undefined && match[2] !== undefined) {
        push(match[1], match[2], sentence, relation);
        break;
      }
    }
  }
  return found;
}

/** FNV-1a, 32-bit: the seed of every deterministic choice the provider makes. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Orders items by the hash of (seed, key): a shuffle that is the same on every run. */
export function stableShuffle<T>(items: readonly T[], seed: string, keyOf: (item: T) => string): T[] {
  return [...items]
    .map((item) => ({ item, rank: hashString(`${seed}\u0000${keyOf(item)}`) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ item }) => item);
}
