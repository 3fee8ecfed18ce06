/**
 * Text handling the scoring rules share. Deliberately independent of any provider's own text
 * analysis: the harness judges ai-offline and model providers by the same yardstick.
 */

/** Lower case, Markdown emphasis and citation marks removed, quotes and spaces made uniform. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s?\[\d+(?:\s*,\s*\d+)*\]/g, '')
    .replace(/[*_`]/g, '')
    .replace(/[“”„"]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/[\s.;:,!?]+$/, '')
    .trim();
}

const STOP = new Set(
  `a an the and or but of to in on at by for with from as is are was were be been it its this that these those you your we our they their
  he she his her not no do does if then than so such any all each every into onto over under up down out off about after before when
  while which who whom what where how can could should would will may might must shall there here also only just very more most`.split(/\s+/),
);

/** Prepositions, articles and conjunctions a title never ends with. */
export const DANGLING_END = new Set(
  'a an the and or but of to in on at by for with from as into onto than that which who whose your our their its is are'.split(' '),
);

export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}

/** Enough of a stemmer to match check/checks/checked/checking. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

export function contentStems(text: string): string[] {
  return wordsOf(text)
    .filter((word) => !STOP.has(word))
    .map(stem);
}

/** Sentence ends, keeping "e.g." and decimals inside sentences. */
export function splitSentences(text: string): string[] {
  const guarded = text.replace(/\b(e\.g|i\.e|etc|vs|approx|Dr|Mr|Mrs|Ms|No)\./g, (match) => match.replace(/\./g, '\u2024'));
  return guarded
    .split(/(?<=[.!?]["”')\]]?(?:\s?\[\d+\])?)\s+(?=(?:\*\*|__|["“([*_])?[\p{Lu}\p{N}])/u)
    .map((sentence) => sentence.replaceAll('\u2024', '.').trim())
    .filter((sentence) => sentence.length > 0);
}

export interface MarkdownSection {
  heading: string;
  /** Sentences of paragraphs and list items, in order, as written (citation marks kept). */
  lines: string[];
  /** Citation numbers per line (`[2]` at the end of its paragraph or list). */
  citations: number[][];
}

/**
 * Markdown as sections: `#`–`###` headings start one; paragraphs split into sentences, list
 * items kept whole; a citation mark at the end of a paragraph or list applies to all of it.
 */
export function markdownSections(markdown: string, firstHeading = ''): MarkdownSection[] {
  const sections: MarkdownSection[] = [{ heading: firstHeading, lines: [], citations: [] }];
  let block: string[] = [];
  let blockIsList = false;
  let inFence = false;
  const flush = () => {
    const current = sections[sections.length - 1];
    if (current === undefined || block.length === 0) return;
    const joined = block.join(blockIsList ? '\n' : ' ');
    const cited = [...joined.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)].flatMap((match) => (match[1] ?? '').split(/\s*,\s*/).map(Number));
    const lines = blockIsList ? block : splitSentences(joined);
    for (const line of lines) {
      const text = line.replace(/\s?\[\d+(?:\s*,\s*\d+)*\]/g, '').trim();
      if (text === '') continue;
      current.lines.push(text);
      current.citations.push(cited);
    }
    block = [];
  };
  for (const rawLine of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trim();
    if (/^(```|~~~)/.test(line)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const heading = /^#{1,6}\s+(.+?)\s*#*$/.exec(line);
    const item = /^(?:[-*+]|\d+[.)])\s+(.+)$/.exec(line);
    if (line === '' || /^\|/.test(line)) flush();
    else if (heading !== null) {
      flush();
      sections.push({ heading: (heading[1] ?? '').replace(/[*_`]/g, ''), lines: [], citations: [] });
    } else if (item !== null) {
      if (!blockIsList) flush();
      blockIsList = true;
      block.push(item[1] ?? '');
    } else {
      if (blockIsList) flush();
      blockIsList = false;
      block.push(line.replace(/^>\s?/, ''));
    }
  }
  flush();
  return sections.filter((section) => section.lines.length > 0 || section.heading !== '');
}
