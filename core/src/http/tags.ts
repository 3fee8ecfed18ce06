import { Type } from 'typebox';

/** A tag on a document or course: free text without commas or control characters. */
export const Tag = Type.String({ minLength: 1, maxLength: 40, pattern: '^[^,\\u0000-\\u001f\\uD800-\\uDFFF]+$' });
export const Tags = Type.Array(Tag, { maxItems: 20, description: 'Stored trimmed and lower-case, each once' });

/** Tags as stored: trimmed, lower-case, each once, in the order given, so filters match however they were typed. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
}
