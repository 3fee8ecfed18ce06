import type { SourceChunk } from '@mirai/sdk-plugin';
import {
  boldTerms,
  contentStems,
  type Definition,
  findDefinitions,
  type KeyPhrase,
  keyPhrases,
  normalizeKey,
  parseMarkdown,
  splitSentences,
  words,
} from './text-analysis.ts';

/** A sentence of the source material with where it came from. */
export interface CorpusSentence {
  text: string;
  key: string;
  section: string;
  fromList: boolean;
  /** Consecutive list items share a run id (a procedure's steps); other sentences get their own. */
  run: number;
  order: number;
  smeName: string;
  documentTitle: string;
  stems: ReadonlySet<string>;
  /** Stems of the section heading: a sentence under "Safe lifting technique" is about lifting. */
  sectionStems: ReadonlySet<string>;
  wordCount: number;
}

export interface CorpusSection {
  title: string;
  level: number;
  order: number;
  /** The section's visible text (heading excluded). */
  text: string;
  documentTitle: string;
}

export interface CorpusDefinition extends Definition {
  section: string;
  order: number;
  smeName: string;
  documentTitle: string;
}

/** Everything the provider extracts from SME sources (and, for activities, the lesson). */
export interface Corpus {
  sentences: CorpusSentence[];
  sections: CorpusSection[];
  definitions: CorpusDefinition[];
  phrases: KeyPhrase[];
  /** Bold terms, in order, with the section they are bold in. */
  bold: Array<{ term: string; section: string }>;
  /** How many sentences contain each stem. */
  documentFrequency: ReadonlyMap<string, number>;
}

export interface CorpusDocument {
  markdown: string;
  smeName: string;
  documentTitle: string;
}

/** Attribution prefixes this provider writes into lessons; stripped when a lesson is re-read. */
const ATTRIBUTION = /^(?:According to [^,]{1,80}, |As [^:]{1,80} puts it: )/;

export function sourceDocuments(sources: readonly SourceChunk[]): CorpusDocument[] {
  return sources.map((source) => ({ markdown: source.text, smeName: source.smeName.trim(), documentTitle: source.documentTitle.trim() }));
}

export function buildCorpus(documents: readonly CorpusDocument[]): Corpus {
  const sentences: CorpusSentence[] = [];
  const sections: CorpusSection[] = [];
  const definitions: CorpusDefinition[] = [];
  const seenSentences = new Set<string>();
  const seenTerms = new Set<string>();
  const bold: Array<{ term: string; section: string }> = [];
  const seenBold = new Set<string>();
  let order = 0;
  let run = 0;
  let previousKind = '';
  for (const document of documents) {
    let current: CorpusSection | null = null;
    for (const block of parseMarkdown(document.markdown)) {
      order += 1;
      if (block.kind === 'heading') {
        previousKind = 'heading';
        current = { title: block.text, level: block.level, order, text: '', documentTitle: document.documentTitle };
        sections.push(current);
        continue;
      }
      if (current !== null) current.text = `${current.text} ${block.text}`.trim();
      if (block.kind !== 'list-item' || previousKind !== 'list-item') run += 1;
      previousKind = block.kind;
      for (const term of boldTerms(block.raw)) {
        const termKey = normalizeKey(term);
        if (seenBold.has(termKey)) continue;
        seenBold.add(termKey);
        bold.push({ term, section: block.section });
      }
      for (const definition of findDefinitions(block)) {
        const termKey = contentStems(definition.term).join(' ');
        if (seenTerms.has(termKey)) continue;
        seenTerms.add(termKey);
        definitions.push({ ...definition, section: block.section, order, smeName: document.smeName, documentTitle: document.documentTitle });
      }
      for (const raw of splitSentences(block.text)) {
        const text = raw.replace(ATTRIBUTION, '').replace(/^["“](.+)["”]$/, '$1');
        const key = normalizeKey(text);
        if (key.length === 0 || seenSentences.has(key)) continue;
        seenSentences.add(key);
        order += 1;
        sentences.push({
          text,
          key,
          section: block.section,
          fromList: block.kind === 'list-item',
          run,
          order,
          smeName: document.smeName,
          documentTitle: document.documentTitle,
          stems: new Set(contentStems(text)),
          sectionStems: new Set(contentStems(block.section)),
          wordCount: words(text).length,
        });
      }
    }
  }
  const documentFrequency = new Map<string, number>();
  for (const sentence of sentences) for (const s of sentence.stems) documentFrequency.set(s, (documentFrequency.get(s) ?? 0) + 1);
  const phrases = keyPhrases([...sections.map((section) => section.title), ...sentences.map((sentence) => sentence.text)]);
  return { sentences, sections, definitions, phrases, bold, documentFrequency };
}

/** Query terms with weights, e.g. the lesson title (1) and one objective (2). */
export type Query = ReadonlyMap<string, number>;

export function buildQuery(parts: ReadonlyArray<readonly [text: string, weight: number]>): Map<string, number> {
  const query = new Map<string, number>();
  for (const [text, weight] of parts) for (const s of contentStems(text)) query.set(s, Math.max(query.get(s) ?? 0, weight));
  return query;
}

/**
 * Relevance of a sentence to a query: weighted overlap of stems (rarer stems count more),
 * plus half as much for query stems in the heading of the sentence's section.
 */
export function relevance(sentence: CorpusSentence, query: Query, corpus: Corpus): number {
  const total = Math.max(1, corpus.sentences.length);
  let score = 0;
  for (const [s, weight] of query) {
    const inSentence = sentence.stems.has(s);
    if (!inSentence && !sentence.sectionStems.has(s)) continue;
    score += (inSentence ? 1 : 0.5) * weight * Math.log(1 + total / (corpus.documentFrequency.get(s) ?? 1));
  }
  return score;
}

/** Sentences that read as standalone prose: not a lead-in ("Before you lift:") nor a fragment. */
export function isQuotable(sentence: CorpusSentence): boolean {
  return sentence.wordCount >= 4 && sentence.wordCount <= 60 && !/:$/.test(sentence.text);
}

/** Sentences ranked by relevance (ties keep the source order); only those scoring above zero. */
export function rankSentences(corpus: Corpus, query: Query, filter: (sentence: CorpusSentence) => boolean = () => true): CorpusSentence[] {
  return corpus.sentences
    .filter((sentence) => isQuotable(sentence) && filter(sentence))
    .map((sentence) => ({ sentence, score: relevance(sentence, query, corpus) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.sentence.order - b.sentence.order)
    .map(({ sentence }) => sentence);
}
