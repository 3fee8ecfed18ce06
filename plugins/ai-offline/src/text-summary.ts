import { contentStems, parseMarkdown, splitSentences } from './text-analysis.ts';

/**
 * A short extractive summary: the sentences whose content words are most frequent in the
 * text, in their original order (up to `limit`).
 */
export function summarize(text: string, limit = 3): string {
  const sentences = parseMarkdown(text)
    .filter((block) => block.kind !== 'heading')
    .flatMap((block) => splitSentences(block.text));
  if (sentences.length <= limit) return sentences.join(' ');
  const frequency = new Map<string, number>();
  for (const sentence of sentences) for (const s of new Set(contentStems(sentence))) frequency.set(s, (frequency.get(s) ?? 0) + 1);
  const scored = sentences.map((sentence, index) => {
    const stems = contentStems(sentence);
    const score = stems.reduce((sum, s) => sum + (frequency.get(s) ?? 0), 0) / Math.sqrt(Math.max(1, stems.length));
    return { sentence, index, score };
  });
  return scored
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .sort((a, b) => a.index - b.index)
    .map(({ sentence }) => sentence)
    .join(' ');
}
