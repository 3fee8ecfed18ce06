export interface TextChunk {
  position: number;
  /** The nearest Markdown heading above the chunk, kept so retrieval and sources show context. */
  heading: string | null;
  text: string;
}

const TARGET_CHARS = 900;

/**
 * Splits a document into retrieval chunks of roughly TARGET_CHARS on paragraph boundaries,
 * never across a heading, so each chunk is about one thing.
 */
export function chunkText(text: string): TextChunk[] {
  const chunks: TextChunk[] = [];
  let heading: string | null = null;
  let buffer: string[] = [];
  const flush = () => {
    const body = buffer.join('\n\n').trim();
    if (body !== '') chunks.push({ position: chunks.length, heading, text: body });
    buffer = [];
  };
  for (const block of text.split(/\n\s*\n/)) {
    const trimmed = block.trim();
    if (trimmed === '') continue;
    const headingMatch = /^#{1,6}\s+(.+)$/.exec(trimmed.split('\n')[0] ?? '');
    if (headingMatch !== null) {
      flush();
      heading = headingMatch[1]?.trim() ?? null;
      const rest = trimmed.split('\n').slice(1).join('\n').trim();
      if (rest !== '') buffer.push(rest);
      continue;
    }
    if (buffer.join('\n\n').length + trimmed.length > TARGET_CHARS) flush();
    // A single paragraph longer than the target is split on sentence ends.
    if (trimmed.length > TARGET_CHARS * 1.5) {
      let piece = '';
      for (const sentence of trimmed.split(/(?<=[.!?])\s+/)) {
        if (piece.length + sentence.length > TARGET_CHARS && piece !== '') {
          buffer.push(piece.trim());
          flush();
          piece = '';
        }
        piece += `${sentence} `;
      }
      if (piece.trim() !== '') buffer.push(piece.trim());
    } else buffer.push(trimmed);
  }
  flush();
  return chunks;
}
