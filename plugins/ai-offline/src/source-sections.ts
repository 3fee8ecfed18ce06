import type { SourceChunk } from '@mirai/sdk-plugin';
import { normalizeKey, parseMarkdown, splitSentences, words } from './text-analysis.ts';

/** A paragraph (its sentences) or a list (its items) of a source document, with its excerpt. */
export interface SourceBlock {
  kind: 'paragraph' | 'list';
  /** Numbered list: its steps keep their numbers. */
  ordered: boolean;
  /** Sentences of a paragraph, items of a list, as Markdown, cleaned. */
  lines: string[];
  /** Index of the excerpt in the request's `sources` (cited as `[index + 1]`). */
  source: number;
}

/** One heading of one document and everything under it, in document order. */
export interface SourceSection {
  heading: string;
  /** Normalised heading, for matching a lesson title back to its section. */
  key: string;
  documentKey: string;
  documentTitle: string;
  smeName: string;
  blocks: SourceBlock[];
  wordCount: number;
  /** Position in the documents' reading order. */
  order: number;
}

/** Lead-ins the old template writer put before quotes; never part of a source sentence. */
const ATTRIBUTION = /^(?:According to [^,]{1,80}, |As [^:]{1,80} puts it: )/;

/** A sentence or list item as the lesson shows it: one line, no stray markup or quote marks. */
export function cleanLine(line: string): string {
  return line
    .replace(/<[^>]+>/g, '')
    .replace(ATTRIBUTION, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * When an excerpt carries no heading field, a first line that reads as a heading (short, no end
 * punctuation, followed by more text) is one: retrieval puts the heading on its own line.
 */
function splitHeading(chunk: SourceChunk): { heading: string | null; body: string } {
  const text = chunk.text.replace(/\r\n?/g, '\n').trim();
  const newline = text.indexOf('\n');
  const first = newline < 0 ? '' : text.slice(0, newline).trim();
  if (chunk.heading !== undefined) {
    const heading = chunk.heading === null ? null : chunk.heading.trim();
    const stripped = heading !== null && first.replace(/^#+\s*/, '') === heading ? text.slice(newline + 1) : text;
    return { heading, body: stripped };
  }
  const looksLikeHeading = first !== '' && !/^#|^[-*+]\s|^\d+[.)]\s/.test(first) && !/[.!?:;,]$/.test(first) && words(first).length <= 10;
  return looksLikeHeading ? { heading: first, body: text.slice(newline + 1) } : { heading: null, body: text };
}

function documentKeyOf(chunk: SourceChunk): string {
  return chunk.documentId ?? `${chunk.smeName}\u0000${chunk.documentTitle}`;
}

/** The excerpts in reading order: documents as first met, excerpts by position within each. */
function inReadingOrder(sources: readonly SourceChunk[]): Array<{ chunk: SourceChunk; index: number }> {
  const documentRank = new Map<string, number>();
  for (const chunk of sources) if (!documentRank.has(documentKeyOf(chunk))) documentRank.set(documentKeyOf(chunk), documentRank.size);
  return sources
    .map((chunk, index) => ({ chunk, index }))
    .sort(
      (a, b) =>
        (documentRank.get(documentKeyOf(a.chunk)) ?? 0) - (documentRank.get(documentKeyOf(b.chunk)) ?? 0) ||
        (a.chunk.position ?? a.index) - (b.chunk.position ?? b.index) ||
        a.index - b.index,
    );
}

/**
 * Puts the excerpts back together as their documents' sections: one per heading per document,
 * in reading order, each with its paragraphs (split into sentences) and lists, every block
 * remembering which excerpt it came from. Excerpts under the same heading join one section.
 */
export function sourceSections(sources: readonly SourceChunk[]): SourceSection[] {
  const sections = new Map<string, SourceSection>();
  const currentHeading = new Map<string, string>();
  const sectionFor = (chunk: SourceChunk, heading: string): SourceSection => {
    const documentKey = documentKeyOf(chunk);
    const id = `${documentKey}\u0000${normalizeKey(heading)}`;
    let section = sections.get(id);
    if (section === undefined) {
      section = {
        heading,
        key: normalizeKey(heading),
        documentKey,
        documentTitle: chunk.documentTitle.trim(),
        smeName: chunk.smeName.trim(),
        blocks: [],
        wordCount: 0,
        order: sections.size,
      };
      sections.set(id, section);
    }
    return section;
  };
  for (const { chunk, index } of inReadingOrder(sources)) {
    const documentKey = documentKeyOf(chunk);
    const split = splitHeading(chunk);
    let heading = split.heading ?? currentHeading.get(documentKey) ?? chunk.documentTitle.trim();
    let previous: SourceBlock | null = null;
    for (const block of parseMarkdown(split.body)) {
      if (block.kind === 'heading') {
        heading = block.text;
        previous = null;
        continue;
      }
      const section = sectionFor(chunk, heading);
      const line = cleanLine(block.raw);
      if (line === '') continue;
      if (block.kind === 'list-item' && previous?.kind === 'list') previous.lines.push(line);
      else {
        previous = {
          kind: block.kind === 'list-item' ? 'list' : 'paragraph',
          ordered: block.ordered === true,
          lines: block.kind === 'list-item' ? [line] : splitSentences(line).map(cleanLine),
          source: index,
        };
        section.blocks.push(previous);
      }
      section.wordCount += words(block.text).length;
    }
    currentHeading.set(documentKey, heading);
  }
  return [...sections.values()].filter((section) => section.blocks.length > 0);
}

/** Every sentence and list item of a section, in order. */
export function sectionLines(section: SourceSection): string[] {
  return section.blocks.flatMap((block) => block.lines);
}
