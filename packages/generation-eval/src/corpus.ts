import { readFileSync } from 'node:fs';
import type { KeyFact } from './score.ts';

export interface CorpusDocument {
  /** File name under corpus/, e.g. "step-ladder-safety.md". */
  file: string;
  title: string;
  smeName: string;
  course: { title: string; desiredOutcome: string };
  /** The document's `##` headings, in order. */
  headings: string[];
  keyFacts: KeyFact[];
  markdown: string;
}

const CORPUS_DIR = new URL('../corpus/', import.meta.url);

/** The harness's documents: realistic SME documents from five fields, with their key facts. */
export function loadCorpus(): CorpusDocument[] {
  const index = JSON.parse(readFileSync(new URL('corpus.json', CORPUS_DIR), 'utf8')) as { documents: Array<Omit<CorpusDocument, 'markdown'>> };
  return index.documents.map((document) => ({ ...document, markdown: readFileSync(new URL(document.file, CORPUS_DIR), 'utf8') }));
}

/**
 * The simplest excerpting, for tests without a database: one excerpt per heading, the heading
 * on its own first line and in `heading` (as core's retrieval returns it). Core itself also
 * splits long sections into ~900-character excerpts.
 */
export function excerptsByHeading(document: Pick<CorpusDocument, 'file' | 'title' | 'smeName' | 'markdown'>) {
  const excerpts: Array<{
    id: string;
    smeName: string;
    documentTitle: string;
    documentId: string;
    position: number;
    heading: string | null;
    text: string;
  }> = [];
  let heading: string | null = null;
  let body: string[] = [];
  const flush = () => {
    const text = body.join('\n').trim();
    if (text !== '')
      excerpts.push({
        id: `${document.file}#${excerpts.length + 1}`,
        smeName: document.smeName,
        documentTitle: document.title,
        documentId: document.file,
        position: excerpts.length,
        heading,
        text: heading === null ? text : `${heading}\n${text}`,
      });
    body = [];
  };
  for (const line of document.markdown.split('\n')) {
    const match = /^#{1,6}\s+(.+)$/.exec(line.trim());
    if (match === null) body.push(line);
    else {
      flush();
      heading = match[1]?.trim() ?? null;
    }
  }
  flush();
  return excerpts;
}
